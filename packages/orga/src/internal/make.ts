/**
 * The implementation of the front door's services: use cases decode their input, decide on the read models'
 * states (after catching up with the log's head), and hand their decision to the one write path (the kernel's
 * `CommandHandler.makeDecisions`, in `Plumbing`), which appends every stream they wrote or read with the
 * version they saw and decides again on a concurrent writer; they answer once the read models folded their own
 * events. Each concept lives in its own module over the one shared `Plumbing`; this module only assembles them,
 * and `Orga.layer` hands each area's part to its service.
 *
 * @since 0.1.0
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { Config, OrgaShape } from "../Orga.ts"
import * as PersonalData from "../PersonalData.ts"
import type * as Runtime from "../runtime/Runtime.ts"
import * as Accounts from "./Accounts.ts"
import * as Analysis from "./Analysis.ts"
import * as AnalysisInputs from "./AnalysisInputs.ts"
import * as BackOfficeCatalogue from "./BackOfficeCatalogue.ts"
import * as BackOfficeOrganizations from "./BackOfficeOrganizations.ts"
import * as CampaignList from "./CampaignList.ts"
import * as Campaigns from "./Campaigns.ts"
import * as Deletions from "./Deletions.ts"
import * as LearnerList from "./LearnerList.ts"
import * as MyParticipations from "./MyParticipations.ts"
import * as Organizations from "./Organizations.ts"
import * as Participations from "./Participations.ts"
import * as Plumbing from "./Plumbing.ts"
import * as Privacy from "./Privacy.ts"
import * as Queries from "./Queries.ts"
import * as QueryInputs from "./QueryInputs.ts"
import * as Reports from "./Reports.ts"
import * as Results from "./Results.ts"
import * as Rosters from "./Rosters.ts"
import * as Scopes from "./Scopes.ts"
import * as Team from "./Team.ts"

/**
 * Builds the service (see `Orga.layer`).
 *
 * @since 0.1.0
 */
export const make = (
  config: Config
): Effect.Effect<
  OrgaShape,
  EventStoreError.EventStoreError,
  EventStore.EventStore | Runtime.Clock | Runtime.Ids | Runtime.Randomness | Scope.Scope
> =>
  Effect.gen(function* () {
    const plumbing = yield* Plumbing.make(config)
    const shredder = yield* Effect.serviceOption(PersonalData.Shredder)
    // Erasures a stop interrupted (the event appended, the key not yet destroyed) are finished first, with the
    // snapshots taken before them (ADR 0056).
    if (Option.isSome(shredder)) {
      // A serving instance holds no partition yet: the router names the erased subjects (ADR 0049).
      const erased = plumbing.follower?.erasedSubjects() ?? plumbing.models.erased
      const finished = yield* Privacy.reconcile(erased, shredder.value)
      if (finished > 0) yield* Privacy.dropSnapshots(plumbing)
    }
    // Serving from the tables, each method first loads the partitions it needs (Scopes); a no-op in memory mode.
    return QueryInputs.guard(
      Scopes.guard(
        {
          ...Organizations.make(plumbing),
          ...Accounts.make(plumbing),
          ...Team.make(plumbing),
          ...Rosters.make(plumbing),
          ...Campaigns.make(plumbing),
          ...Participations.make(plumbing),
          ...MyParticipations.make(plumbing),
          ...Queries.make(plumbing),
          ...Results.make(plumbing),
          ...Reports.make(plumbing),
          ...LearnerList.make(plumbing),
          ...CampaignList.make(plumbing),
          ...Deletions.make(plumbing),
          rebuild: plumbing.catchup.rebuild,
          ...BackOfficeCatalogue.make(plumbing),
          ...BackOfficeOrganizations.make(plumbing),
          ...AnalysisInputs.guard(Analysis.make(plumbing)),
          ...Privacy.make(plumbing, shredder)
        } satisfies OrgaShape,
        plumbing.follower
      )
    )
  })
