/**
 * The handlers of the library's groups (back office, team, rosters, campaigns, participations, reports, analysis, privacy), each in
 * its `<Area>Handlers` module: each resolves the actor from the session, calls the service, and maps a failure to
 * its problem.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import * as AnalysisHandlers from "./AnalysisHandlers.ts"
import * as BackOfficeHandlers from "./BackOfficeHandlers.ts"
import * as CampaignsHandlers from "./CampaignsHandlers.ts"
import * as ParticipationsHandlers from "./ParticipationsHandlers.ts"
import * as PrivacyHandlers from "./PrivacyHandlers.ts"
import * as ReportsHandlers from "./ReportsHandlers.ts"
import * as RostersHandlers from "./RostersHandlers.ts"
import * as TeamHandlers from "./TeamHandlers.ts"

/**
 * The handlers of the library's groups.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = Layer.mergeAll(
  BackOfficeHandlers.handlers,
  TeamHandlers.handlers,
  RostersHandlers.handlers,
  CampaignsHandlers.handlers,
  ParticipationsHandlers.handlers,
  ReportsHandlers.handlers,
  AnalysisHandlers.handlers,
  PrivacyHandlers.handlers
)
