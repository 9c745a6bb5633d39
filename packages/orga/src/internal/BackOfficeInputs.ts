/**
 * The inputs of the back office's organization use cases (archive, listing, places) and of the SCO self-service
 * invitation, decoded at the door like `Inputs`: bounded strings without control or bidirectional characters; the
 * rules with Pix's own messages (a lot's count, category, dates; a UAI not recognised) are the domain's.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Ids, OrganizationEvent } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"

const optional = Schema.optional
const required = (max: number) => Inputs.TrimmedLabel(max).pipe(Schema.check(Schema.isNonEmpty()))
// A lot's id: an identifier like the domain's (letters, digits, . _ : -, at most 128).
const LotId = Schema.String.pipe(Schema.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)))

/**
 * The input of `addPlacesLot` (the lot id is drawn when not given).
 *
 * @category schemas
 * @since 0.1.0
 */
export const AddPlacesLot = Schema.Struct({
  organizationId: Ids.OrganizationId,
  lotId: optional(LotId),
  count: Schema.Number,
  category: Inputs.Label(16),
  reference: Inputs.Label(255),
  activationDate: Inputs.Label(32),
  expirationDate: Inputs.Label(32)
})

/**
 * The input of `deletePlacesLot`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLotRef = Schema.Struct({ organizationId: Ids.OrganizationId, lotId: LotId })

/**
 * The input of `setPlacesLimit`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SetPlacesLimit = Schema.Struct({ organizationId: Ids.OrganizationId, enabled: Schema.Boolean })

/**
 * The filter of the back office's list of organizations: a part of the name or of the UAI (either case), a type,
 * archived or not.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganizationsFilter = Schema.UndefinedOr(
  Schema.Struct({
    name: optional(Inputs.Label(255)),
    uai: optional(Inputs.Label(32)),
    type: optional(OrganizationEvent.OrganizationType),
    archived: optional(Schema.Boolean)
  })
)

/**
 * The input of `sendScoInvitation`: the school's UAI and the name of who asks (all three required, as Pix's form).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SendScoInvitation = Schema.Struct({
  uai: required(32),
  firstName: required(255),
  lastName: required(255)
})
