/**
 * The scope of the log Orga asks its stores to index (`EventStore.readScope`): the organization each command's
 * metadata names. The audit trail reads an organization's events through it, a page in work bounded by the page
 * whatever the log's length (ADR 0041); events of no organization (an account's sign-up) are in no scope.
 *
 * @since 0.1.0
 */

/**
 * The metadata key of the scope: `organizationId`, as `Plumbing` writes it on every command's events.
 *
 * @category models
 * @since 0.1.0
 */
export const scopeKey = "organizationId"
