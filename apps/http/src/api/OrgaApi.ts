/**
 * The app's complete API: the system group, then one group per library service (`accounts`, `backOffice`, `team`,
 * `rosters`, `campaigns`, `participations`, `reports`, `analysis`, `privacy`, each in its `<Area>Api` module).
 *
 * Staff endpoints name their organization (or campaign) in the path; the library checks the actor's membership
 * and role on each call, so an id of another organization's resource is refused like any other (403 or 404 with
 * Pix's text). Every endpoint declares every problem class: a library error may be any of them.
 *
 * @since 0.1.0
 */
import * as SystemApi from "../server/SystemApi.ts"
import { AccountsGroup } from "./AccountsApi.ts"
import { AnalysisGroup } from "./AnalysisApi.ts"
import { BackOfficeGroup } from "./BackOfficeApi.ts"
import { CampaignsGroup } from "./CampaignsApi.ts"
import { ParticipationsGroup } from "./ParticipationsApi.ts"
import { PrivacyGroup } from "./PrivacyApi.ts"
import { ReportsGroup } from "./ReportsApi.ts"
import { RostersGroup } from "./RostersApi.ts"
import { TeamGroup } from "./TeamApi.ts"

/**
 * The app's API: the system group, then one group per library service, French validation problems on all.
 *
 * @category models
 * @since 0.1.0
 */
export const Api = SystemApi.complete(
  SystemApi.base
    .add(AccountsGroup)
    .add(BackOfficeGroup)
    .add(TeamGroup)
    .add(RostersGroup)
    .add(CampaignsGroup)
    .add(ParticipationsGroup)
    .add(ReportsGroup)
    .add(AnalysisGroup)
    .add(PrivacyGroup)
)
