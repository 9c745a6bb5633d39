/**
 * The events the projections read: every event of the domain (organization, roster, campaigns) and the
 * participation events. Projections ignore the tags they do not need, so any history folds.
 *
 * @since 0.1.0
 */
import type * as DomainEvent from "../Event.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"

/**
 * Any event a projection may be given.
 *
 * @since 0.1.0
 */
export type ProjectedEvent = DomainEvent.Event | ParticipationEvent.ParticipationEvent
