/**
 * The heavy pages (a campaign's results and analysis, a school's students) rendered once per page, viewer, query
 * and log head, through the API's `ReadCache` (ADR 0054): staff reopen these pages between writes, and the results
 * page of a 3,000-participant campaign cost tens of milliseconds to compute and render.
 *
 * Why the viewer is in the key: a page shows what its viewer may see, names them in its header and carries their
 * session's CSRF token in every form, so two people (or two sessions of one person) never share a page. The
 * viewer's account and membership are still read on every request (`Page.inOrganization`, before the cache): a
 * refusal is never kept, and a page renders only for someone allowed to see it. A write (on any instance) moves the
 * log's head, so the next request renders afresh.
 *
 * @since 0.2.0
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as ReadCache from "../position/ReadCache.ts"
import * as Page from "./Page.ts"

const encoder = new TextEncoder()

/**
 * The key of a page: its name, the viewer (account, session's CSRF token) and the request's path and query.
 *
 * @category constructors
 * @since 0.2.0
 */
export const keyOf = (page: string, viewer: Page.Viewer, url: string): string =>
  ReadCache.keyOf(`page:${page}`, viewer, url, null)

/**
 * The page `render` builds for `viewer`, made once per page, viewer, path, query and log head. `render` must read
 * no clock and answer a page of status 200 (a redirect or a refusal fails, and failures are not kept).
 *
 * @category constructors
 * @since 0.2.0
 */
export const respond = <E, R>(
  page: string,
  viewer: Page.Viewer,
  render: () => Effect.Effect<Page.PageOptions, E, R>
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  E | EventStoreError.EventStoreError,
  R | EventStore.EventStore | HttpServerRequest.HttpServerRequest
> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const cache = (yield* ReadCache.ReadCache)(yield* EventStore.EventStore)
    const bytes = yield* cache.bytes(keyOf(page, viewer, request.url), () =>
      Effect.map(render(), (options) => encoder.encode(Page.document(options)))
    )
    return HttpServerResponse.uint8Array(bytes, {
      status: 200,
      contentType: "text/html; charset=utf-8",
      headers: { "cache-control": "no-store", "content-language": "fr" }
    })
  })
