/**
 * The handlers of the library's groups (back office, team, rosters, campaigns, participations, reports): each
 * resolves the actor from the session, calls the service, and maps a failure to its problem.
 *
 * Files in and out: a SIECLE upload is read from its multipart `file` part (the router refused a declared body
 * over 20 MB before reading it; the parser caps a chunked one); a CSV export streams line by line with the file
 * name Pix gives it (`Resultats-{campaign}-{id}-{date}.csv`, §6.2) in `Content-Disposition`.
 *
 * @since 0.1.0
 */
import { BackOffice, Campaigns, Participations, Reports, Rosters, Team } from "@orga/orga"
import * as Effect from "effect/Effect"
import { type HttpServerRequest, HttpServerResponse, Multipart } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Throttle from "../safety/Throttle.ts"
import * as AppError from "../server/AppError.ts"
import * as BodyLimit from "../server/BodyLimit.ts"
import * as ErrorStatus from "../server/ErrorStatus.ts"
import * as Problem from "../server/Problem.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

const list = (value: string | ReadonlyArray<string> | undefined): ReadonlyArray<string> | undefined =>
  value === undefined ? undefined : typeof value === "string" ? [value] : value

/**
 * Attempts to join a campaign per account (the client's address has its own limit, `Throttle.defaultRoutes`).
 *
 * @category getters
 * @since 0.1.0
 */
export const joinPerAccount = { limit: 30, windowMillis: 5 * 60_000 }

/**
 * The `Content-Disposition` of a download: the name as Pix gives it (RFC 6266 `filename*` in UTF-8, accents
 * kept) and an ASCII fallback for old clients.
 *
 * @category constructors
 * @since 0.1.0
 */
export const contentDisposition = (fileName: string): string => {
  const ascii = fileName
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_")
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

const noFile = () =>
  Problem.make(422, "SIECLE_FILE_REQUIRED", "Ajoutez le fichier SIECLE (champ « file ») au formulaire envoyé.")

const notMultipart = () =>
  Problem.make(
    400,
    "MULTIPART_REQUIRED",
    "Envoyez le fichier SIECLE dans un formulaire multipart/form-data (champ « file »).",
    {}
  )

/**
 * The `file` part of a SIECLE upload, whole (at most 20 MB: the parser's limits). Read from the raw request so
 * that the session is checked before the body, and a request that is not multipart gets a French problem.
 */
const uploadedFile = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function* () {
    if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data"))
      return yield* Effect.fail(notMultipart())
    let found: { fileName: string; bytes: Uint8Array } | undefined
    yield* Stream.runForEach(request.multipartStream, (part) =>
      part._tag === "File" && part.key === "file" && found === undefined
        ? Effect.map(part.contentEffect, (bytes) => {
            found = { fileName: part.name, bytes }
          })
        : part._tag === "File"
          ? Stream.runDrain(part.content)
          : Effect.void
    )
    if (found === undefined) return yield* Effect.fail(noFile())
    return found
  }).pipe(
    Effect.provideContext(Multipart.limitsServices({ maxFileSize: BodyLimit.uploadLimitBytes, maxParts: 4 })),
    Effect.catchTag("MultipartError", (error) =>
      Effect.fail(
        error.reason._tag === "FileTooLarge" || error.reason._tag === "BodyTooLarge"
          ? ErrorStatus.toProblem(AppError.payloadTooLarge(BodyLimit.uploadLimitBytes))
          : ErrorStatus.toProblem(AppError.malformedRequest({ reason: error.reason._tag }))
      )
    )
  )

const backOffice = HttpApiBuilder.group(Api, "backOffice", (handlers) =>
  handlers
    .handle("registerOrganization", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          return yield* (yield* BackOffice.BackOffice).registerOrganization(actor, payload)
        })
      )
    )
    .handle("inviteFirstAdmin", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          return yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(actor, { ...params, ...payload })
        })
      )
    )
)

const team = HttpApiBuilder.group(Api, "team", (handlers) =>
  handlers
    .handle("organization", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).organization(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("members", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).members(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("invitations", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).invitations(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("inviteMembers", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).inviteMembers(yield* Actors.staff, { ...params, ...payload })
        })
      )
    )
    .handle("resendInvitation", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).resendInvitation(yield* Actors.staff, params)
        })
      )
    )
    .handle("cancelInvitation", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).cancelInvitation(yield* Actors.staff, params)
        })
      )
    )
    // The invitee may not have accepted the terms yet (he has no organization before accepting): signed in is enough.
    .handle("acceptInvitation", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor, userId } = yield* Actors.signedIn
          yield* Throttle.guardInHandler([[`invitation:account:${userId}`, joinPerAccount]])
          yield* (yield* Team.Team).acceptInvitation(actor, { ...params, ...payload })
        })
      )
    )
    .handle("changeMemberRole", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).changeMemberRole(yield* Actors.staff, { ...params, ...payload })
        })
      )
    )
    .handle("removeMember", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).removeMember(yield* Actors.staff, params)
        })
      )
    )
    .handle("leaveOrganization", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).leaveOrganization(yield* Actors.staff, params)
        })
      )
    )
    .handle("setCollectionDeadline", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).setCollectionDeadline(yield* Actors.staff, { ...params, ...payload })
        })
      )
    )
)

const rosters = HttpApiBuilder.group(Api, "rosters", (handlers) =>
  handlers
    .handleRaw("previewImport", ({ params, request }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const file = yield* uploadedFile(request)
          return yield* (yield* Rosters.Rosters).previewSiecleImport(actor, { ...params, ...file })
        })
      )
    )
    .handleRaw("importSiecle", ({ params, request }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const file = yield* uploadedFile(request)
          return yield* (yield* Rosters.Rosters).importSiecleFile(actor, { ...params, ...file })
        })
      )
    )
    .handle("importHistory", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).importHistory(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("learners", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const divisions = list(query.division)
          return yield* (yield* Rosters.Rosters).learners(yield* Actors.staff, params.organizationId, {
            ...(divisions === undefined ? {} : { divisions }),
            ...(query.search === undefined ? {} : { search: query.search }),
            includeDisabled: query.includeDisabled === "true"
          })
        })
      )
    )
    .handle("divisions", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).divisions(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("whyRefused", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).whyRefused(yield* Actors.staff, params.organizationId, payload)
        })
      )
    )
)

const campaigns = HttpApiBuilder.group(Api, "campaigns", (handlers) =>
  handlers
    .handle("campaigns", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Campaigns.Campaigns).campaigns(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("createCampaign", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Campaigns.Campaigns).createCampaign(yield* Actors.staff, { ...params, ...payload })
        })
      )
    )
    .handle("updateCampaign", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).updateCampaign(yield* Actors.staff, { ...params, ...payload })
        })
      )
    )
    .handle("archiveCampaign", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).archiveCampaign(yield* Actors.staff, params)
        })
      )
    )
    .handle("unarchiveCampaign", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).unarchiveCampaign(yield* Actors.staff, params)
        })
      )
    )
)

const participations = HttpApiBuilder.group(Api, "participations", (handlers) =>
  handlers
    .handle("joinCampaign", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor, userId } = yield* Actors.signedIn
          yield* Throttle.guardInHandler([[`reconciliation:account:${userId}`, joinPerAccount]])
          return yield* (yield* Participations.Participations).joinCampaign(actor, payload)
        })
      )
    )
    .handle("recordAssessmentOutcome", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).recordAssessmentOutcome(yield* Actors.student, {
            ...params,
            ...payload
          })
        })
      )
    )
    .handle("shareResults", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).shareResults(yield* Actors.student, params)
        })
      )
    )
    .handle("shareProfile", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).shareProfile(yield* Actors.student, { ...params, ...payload })
        })
      )
    )
    .handle("myParticipations", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Participations.Participations).myParticipations(yield* Actors.student)
        })
      )
    )
)

const reports = HttpApiBuilder.group(Api, "reports", (handlers) =>
  handlers
    .handle("campaignResults", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const divisions = list(query.division)
          return yield* (yield* Reports.Reports).campaignResults(
            yield* Actors.staff,
            params.campaignId,
            divisions === undefined ? undefined : { divisions }
          )
        })
      )
    )
    .handle("resultsByDivision", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Reports.Reports).resultsByDivision(yield* Actors.staff, params.campaignId)
        })
      )
    )
    .handle("exportResults", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const divisions = list(query.division)
          const csv = yield* (yield* Reports.Reports).exportResults(
            yield* Actors.staff,
            params.campaignId,
            divisions === undefined ? undefined : { divisions }
          )
          return HttpServerResponse.stream(Stream.encodeText(Stream.fromIterable(csv.lines)), {
            contentType: "text/csv; charset=utf-8",
            headers: { "content-disposition": contentDisposition(csv.fileName) }
          })
        })
      )
    )
    .handle("certificability", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Reports.Reports).certificability(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("auditTrail", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Reports.Reports).auditTrail(
            yield* Actors.staff,
            params.organizationId,
            query.limit === undefined ? undefined : { limit: query.limit }
          )
        })
      )
    )
)

/**
 * The handlers of the library's groups.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = Layer.mergeAll(backOffice, team, rosters, campaigns, participations, reports)
