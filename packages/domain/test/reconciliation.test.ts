import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as AccountMasking from "../src/reconciliation/AccountMasking.ts"
import * as Levenshtein from "../src/reconciliation/Levenshtein.ts"
import * as NameMatching from "../src/reconciliation/NameMatching.ts"
import * as Reconciliation from "../src/reconciliation/Reconciliation.ts"

type C = NameMatching.Candidate
const c = (id: string, firstName: string, lastName: string, extra: Partial<C> = {}): C => ({
  id,
  firstName,
  lastName,
  ...extra
})

const frederic = c("a", "Frédéric", "Dupont")
const joe = c("joe", "Joe", "Martin")
const marie = c("b", "Marie", "Curie", { middleName: "Louise" })
const anne = c("c", "Anne", "Martin", { middleName: "Claire", thirdName: "Sophie" })
const julie = c("d", "Julie", "Bernard", { preferredLastName: "Petit" })
const lea1 = c("e1", "Léa", "Moreau")
const lea2 = c("e2", "Léa", "Roux", { preferredLastName: "Moreau" })
const paul = c("f1", "Paul", "Simon")
const jeanPaul = c("f2", "Jean", "Simon", { middleName: "Paul" })
const lucas = c("g1", "Lucas", "Blanc")
const lukas = c("g2", "Lukas", "Blanc")
const emma = c("h1", "Emma", "Leroy")
const emmy = c("h2", "Emmy", "Leroy")
const ann = c("i", "Ann", "Smith")
const anneSmith = c("j", "Anne", "Smith")

// [description, candidates, typed first name, typed last name, expected id or null]
const table: ReadonlyArray<[string, ReadonlyArray<C>, string, string, string | null]> = [
  ["identical names", [frederic], "Frédéric", "Dupont", "a"],
  ["case and accents ignored", [frederic], "frederic", "DUPONT", "a"],
  ["Frédérique is not Frédéric (3/10 = 0.3)", [frederic], "Frédérique", "Dupont", null],
  ["one typo in the first name (1/8)", [frederic], "Frederik", "Dupont", "a"],
  ["a short form is too far", [frederic], "Fred", "Dupont", null],
  ["one typo in the last name (1/6)", [frederic], "Frédéric", "Dupond", "a"],
  ["another last name", [frederic], "Frédéric", "Durand", null],
  ["outer and inner spaces", [frederic], " Frédéric ", " Du Pont ", "a"],
  ["hyphen in the typed last name", [frederic], "Frédéric", "Du-pont", "a"],
  ["Joé matches Joe", [joe], "Joé", "Martin", "joe"],
  ["Jo e matches Joe", [joe], "Jo e", "Martin", "joe"],
  ["Jo~e matches Joe", [joe], "Jo~e", "Martin", "joe"],
  ["match through the middle name", [marie], "Louise", "Curie", "b"],
  ["match through the middle name with a typo (1/5)", [marie], "Louis", "Curie", "b"],
  ["match through the third name", [anne], "Sophie", "Martin", "c"],
  ["the middle name of a three-name learner", [anne], "Claire", "Martin", "c"],
  ["match through the preferred last name", [julie], "Julie", "Petit", "d"],
  ["the birth last name still matches", [julie], "Julie", "Bernard", "d"],
  ["tie: last name vs preferred last name", [lea1, lea2], "Léa", "Moreau", null],
  ["the other last name breaks the tie", [lea1, lea2], "Léa", "Roux", "e2"],
  ["firstName beats middleName", [paul, jeanPaul], "Paul", "Simon", "f1"],
  ["middleName found when firstName differs", [jeanPaul], "Paul", "Simon", "f2"],
  ["exact pass beats the tolerant pass", [lucas, lukas], "Lucas", "Blanc", "g1"],
  ["tolerant pass when nothing is exact (lukas 1/4)", [lucas, lukas], "Luka", "Blanc", "g2"],
  ["tolerant pass picks the closer one (lucas 1/5)", [lucas, lukas], "Lucaz", "Blanc", "g1"],
  ["tie in the tolerant pass", [emma, emmy], "Emme", "Leroy", null],
  ["no candidate at all", [], "Emma", "Leroy", null],
  ["empty typed first name", [emma], "", "Leroy", null],
  ["typed name made only of punctuation", [emma], "--'", "Leroy", null],
  ["ratio over the typed length: Anne typed, Ann known (1/4)", [ann], "Anne", "Smith", "i"],
  ["ratio over the typed length: Ann typed, Anne known (1/3)", [anneSmith], "Ann", "Smith", null],
  ["diaeresis and accents: Noël Lefèvre", [c("k", "Noel", "Lefevre")], "Noël", "Lefèvre", "k"],
  ["apostrophe: O'Brien", [c("l", "Zoé", "Obrien")], "Zoe", "O'Brien", "l"],
  ["upper-case accents: ÉLODIE GARÇON", [c("m", "Élodie", "Garçon")], "ÉLODIE", "GARCON", "m"],
  ["an empty middle name never matches", [c("n", "Hugo", "Petit", { middleName: "" })], "", "Petit", null],
  ["a typo in both names (1/4 and 1/5)", [c("o", "Inès", "Roche")], "Ines", "Rocha", "o"],
  ["two typos in a short first name (2/4)", [c("p", "Nora", "Faure")], "Nina", "Faure", null]
]

describe("name matching (§5.4)", () => {
  it("has at least 30 cases in its table", () => expect(table.length).toBeGreaterThanOrEqual(30))
  for (const [what, candidates, firstName, lastName, expected] of table)
    it(what, () => expect(NameMatching.findMatchingCandidateId(candidates, { firstName, lastName })).toBe(expected))

  it("says which slot and pass matched", () => {
    expect(NameMatching.findMatch([anne], { firstName: "Sophie", lastName: "Martin" })).toEqual({
      id: "c",
      maxRate: 0,
      slot: "thirdName"
    })
    expect(NameMatching.findMatch([marie], { firstName: "Louis", lastName: "Curie" })).toEqual({
      id: "b",
      maxRate: 0.25,
      slot: "middleName"
    })
  })

  it("normalises as Pix does", () => {
    expect(NameMatching.normalize("  Jean-Émile d'Arç  ")).toBe("jeanemiledarc")
    expect(NameMatching.normalize("Jo\te\u00a0~")).toBe("joe")
  })

  const base = fc.stringMatching(/^[a-z]{2,10}$/)
  const accented: Record<string, ReadonlyArray<string>> = {
    a: ["à", "â", "ä", "A"],
    e: ["é", "è", "ê", "ë", "É"],
    i: ["î", "ï"],
    o: ["ô", "ö"],
    u: ["ù", "û", "ü"],
    c: ["ç", "Ç"]
  }
  const disguise = (name: string): fc.Arbitrary<string> =>
    fc
      .array(fc.tuple(fc.nat(), fc.constantFrom("", " ", "-", "'", "~", ".", "  ")), {
        minLength: name.length,
        maxLength: name.length
      })
      .map((choices) =>
        Array.from(name, (ch, i) => {
          const [pick, separator] = choices[i]!
          const variants = accented[ch]
          const letter =
            pick % 3 === 0
              ? ch.toUpperCase()
              : variants !== undefined && pick % 3 === 1
                ? variants[pick % variants.length]!
                : ch
          return i === 0 ? letter : separator + letter
        }).join("")
      )

  it("is invariant under accents, case, inner spaces and punctuation", () => {
    fc.assert(
      fc.property(
        base.chain((first) =>
          base.chain((last) => fc.tuple(fc.constant(first), fc.constant(last), disguise(first), disguise(last)))
        ),
        ([first, last, typedFirst, typedLast]) => {
          expect(NameMatching.normalize(typedFirst)).toBe(first)
          expect(NameMatching.findMatch([c("x", first, last)], { firstName: typedFirst, lastName: typedLast })).toEqual(
            {
              id: "x",
              maxRate: 0,
              slot: "firstName"
            }
          )
        }
      ),
      { numRuns: 200 }
    )
  })

  const candidate = fc.record({
    firstName: fc.stringMatching(/^[a-e]{1,5}$/),
    middleName: fc.option(fc.stringMatching(/^[a-e]{1,5}$/), { nil: null }),
    thirdName: fc.option(fc.stringMatching(/^[a-e]{1,5}$/), { nil: null }),
    lastName: fc.stringMatching(/^[a-e]{1,5}$/),
    preferredLastName: fc.option(fc.stringMatching(/^[a-e]{1,5}$/), { nil: null })
  })

  it("never matches one of two equally good candidates", () => {
    fc.assert(
      fc.property(
        candidate,
        fc.array(candidate, { maxLength: 3 }),
        fc.stringMatching(/^[a-e]{0,5}$/),
        fc.stringMatching(/^[a-e]{0,5}$/),
        (twin, others, firstName, lastName) => {
          const candidates = [
            { ...twin, id: "twin-1" },
            ...others.map((other, i) => ({ ...other, id: `other-${i}` })),
            { ...twin, id: "twin-2" }
          ]
          const found = NameMatching.findMatchingCandidateId(candidates, { firstName, lastName })
          expect(found === "twin-1" || found === "twin-2").toBe(false)
          // Typing the twin's own names never picks a twin either.
          const own = NameMatching.findMatchingCandidateId(candidates, twin)
          expect(own === "twin-1" || own === "twin-2").toBe(false)
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("Levenshtein", () => {
  const naive = (a: string, b: string): number => {
    const d: Array<Array<number>> = []
    for (let i = 0; i <= a.length; i++) {
      d.push([])
      for (let j = 0; j <= b.length; j++)
        d[i]![j] =
          i === 0
            ? j
            : j === 0
              ? i
              : Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    return d[a.length]![b.length]!
  }
  const word = fc.string({ maxLength: 12, unit: fc.constantFrom("a", "b", "c", "é", "z") })

  it("agrees with the textbook definition", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(Levenshtein.distance(a, b)).toBe(naive(a, b))
      }),
      { numRuns: 300 }
    )
  })

  it("is a distance: zero on itself, symmetric, triangle inequality", () => {
    fc.assert(
      fc.property(word, word, word, (a, b, x) => {
        expect(Levenshtein.distance(a, a)).toBe(0)
        expect(Levenshtein.distance(a, b)).toBe(Levenshtein.distance(b, a))
        expect(Levenshtein.distance(a, b)).toBeLessThanOrEqual(Levenshtein.distance(a, x) + Levenshtein.distance(x, b))
      }),
      { numRuns: 200 }
    )
  })

  it("divides by the typed string's length", () => {
    expect(Levenshtein.distance("frederique", "frederic")).toBe(3)
    expect(Levenshtein.ratio("frederique", "frederic")).toBe(0.3)
    expect(Levenshtein.ratio("", "x")).toBe(Number.POSITIVE_INFINITY)
  })
})

describe("masking the existing account's login", () => {
  it("prefers GAR, then username, then e-mail", () => {
    expect(
      AccountMasking.mainLogin({ samlId: "IDO-1", username: "john.harry0702", email: "john@example.net" })
    ).toEqual({
      kind: "GAR",
      value: null
    })
    expect(AccountMasking.mainLogin({ username: "john.harry0702", email: "john@example.net" })).toEqual({
      kind: "USERNAME",
      value: "j***.h***2"
    })
    expect(AccountMasking.mainLogin({ email: "john@example.net", username: " " })).toEqual({
      kind: "EMAIL",
      value: "j***@example.net"
    })
    expect(AccountMasking.mainLogin({})).toBeUndefined()
    expect(AccountMasking.maskUsername("jean")).toBe("j***")
  })
})

describe("reconciliation (§5.4)", () => {
  const learner = (overrides: Partial<Reconciliation.Learner> = {}): Reconciliation.Learner => ({
    learnerId: "l1",
    organizationId: "org1",
    firstName: "Frédéric",
    lastName: "Dupont",
    birthdate: "2010-05-12",
    nationalStudentId: "123456789AB",
    userId: null,
    isDisabled: false,
    ...overrides
  })
  const request = (overrides: Partial<Reconciliation.ReconcileRequest> = {}): Reconciliation.ReconcileRequest => ({
    userId: "u1",
    organizationId: "org1",
    typed: { firstName: "Frederic", lastName: "Dupont", birthdate: "2010-05-12" },
    learners: [learner()],
    reconciledByIne: [],
    userLearners: [],
    accounts: [
      { userId: "u-email", authenticationMethods: { email: "frederic.dupont@example.net" } },
      { userId: "u-username", authenticationMethods: { username: "frederic.dupont1205", email: "f@example.net" } },
      { userId: "u-gar", authenticationMethods: { samlId: "GAR-1", username: "frederic.dupont1205" } },
      { userId: "u-none", authenticationMethods: {} }
    ],
    ...overrides
  })
  const failure = (result: Result.Result<unknown, Reconciliation.ReconcileRequest | object>) => {
    if (Result.isSuccess(result)) throw new Error("expected a failure")
    return result.failure as { _tag: string; code: string; message: string; meta: Record<string, unknown> }
  }

  it("finds the learner", () => {
    expect(Result.getOrThrow(Reconciliation.reconcile(request()))).toEqual({
      learnerId: "l1",
      organizationId: "org1",
      userId: "u1",
      match: { id: "l1", maxRate: 0, slot: "firstName" }
    })
  })

  it("refuses blank names", () => {
    expect(
      failure(Reconciliation.reconcile(request({ typed: { firstName: " ", lastName: "x", birthdate: "2010-05-12" } })))
    ).toMatchObject({
      _tag: "InvalidInput",
      code: "INVALID_RECONCILIATION_INPUT",
      message: "Un des champs saisis n’est pas valide."
    })
  })

  it("finds nobody with another birthdate, nor a disabled learner", () => {
    expect(
      failure(
        Reconciliation.reconcile(
          request({ typed: { firstName: "Frederic", lastName: "Dupont", birthdate: "2010-05-13" } })
        )
      )
    ).toMatchObject({ _tag: "NotFound", code: "NO_ORGANIZATION_LEARNER_MATCHING_BIRTHDATE" })
    expect(failure(Reconciliation.reconcile(request({ learners: [learner({ isDisabled: true })] }))).code).toBe(
      "NO_ORGANIZATION_LEARNER_MATCHING_BIRTHDATE"
    )
    expect(
      failure(
        Reconciliation.reconcile(
          request({ typed: { firstName: "Frédérique", lastName: "Dupont", birthdate: "2010-05-12" } })
        )
      )
    ).toMatchObject({ _tag: "NotFound", code: "NO_ORGANIZATION_LEARNER_MATCHING_NAMES" })
  })

  const sameOrganization: ReadonlyArray<[string, string, string, string | null, string]> = [
    [
      "u-email",
      "R31",
      "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
      "f***@example.net",
      "adresse e-mail f***@example.net"
    ],
    [
      "u-username",
      "R32",
      "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
      "f***.d***5",
      "identifiant f***.d***5"
    ],
    ["u-gar", "R33", "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION", null, "ENT"]
  ]
  for (const [userId, shortCode, code, value, says] of sameOrganization)
    it(`${shortCode}: the learner already has an account in this organization`, () => {
      const error = failure(Reconciliation.reconcile(request({ learners: [learner({ userId })] })))
      expect(error).toMatchObject({ _tag: "Conflict", code, meta: { shortCode, value, userId } })
      expect(error.message).toContain("dans cet établissement")
      expect(error.message).toContain(says)
      expect(error.message).toContain("Connectez-vous")
    })

  const otherOrganization: ReadonlyArray<[string, string, string, string | null]> = [
    ["u-email", "R11", "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION", "f***@example.net"],
    ["u-username", "R12", "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION", "f***.d***5"],
    ["u-gar", "R13", "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION", null]
  ]
  for (const [userId, shortCode, code, value] of otherOrganization)
    it(`${shortCode}: the INE is already linked to an account in another organization`, () => {
      const reconciledByIne = [
        { learnerId: "l9", organizationId: "org9", nationalStudentId: "123456789AB", birthdate: "2010-05-12", userId }
      ]
      const error = failure(Reconciliation.reconcile(request({ reconciledByIne })))
      expect(error).toMatchObject({ _tag: "Conflict", code, meta: { shortCode, value, userId } })
      expect(error.message).toContain("dans un autre établissement")
      // While logging in or registering, the same facts give the S6x codes.
      const s = failure(Reconciliation.reconcile(request({ reconciledByIne, context: "LOGIN_OR_REGISTER" })))
      expect(s.meta.shortCode).toBe(`S6${shortCode.slice(2)}`)
    })

  it("S5x while logging in or registering, same organization", () => {
    const error = failure(
      Reconciliation.reconcile(
        request({ learners: [learner({ userId: "u-email" })], context: "LOGIN_OR_REGISTER", userId: null })
      )
    )
    expect(error.meta).toEqual({ shortCode: "S51", value: "f***@example.net", userId: "u-email" })
  })

  it("an account without any login is reported as such", () => {
    expect(failure(Reconciliation.reconcile(request({ learners: [learner({ userId: "u-none" })] })))).toMatchObject({
      code: "ORGANIZATION_LEARNER_ALREADY_LINKED_TO_INVALID_USER",
      meta: { userId: "u-none" }
    })
  })

  it("the user's own account found through the INE is no obstacle", () => {
    const reconciledByIne = [
      {
        learnerId: "l9",
        organizationId: "org9",
        nationalStudentId: "123456789AB",
        birthdate: "2010-05-12",
        userId: "u1"
      }
    ]
    expect(Result.isSuccess(Reconciliation.reconcile(request({ reconciledByIne })))).toBe(true)
  })

  it("R70: the user is already linked to another learner of this organization", () => {
    const error = failure(
      Reconciliation.reconcile(
        request({
          learners: [learner(), learner({ learnerId: "l2", firstName: "Paul", nationalStudentId: "X", userId: "u1" })]
        })
      )
    )
    expect(error).toMatchObject({
      _tag: "Conflict",
      code: "USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION",
      meta: { shortCode: "R70", value: null, userId: "u1" }
    })
  })

  it("R90: the user is linked elsewhere to someone with another INE and birthdate", () => {
    const userLearners = [
      {
        learnerId: "l8",
        organizationId: "org8",
        nationalStudentId: "999999999ZZ",
        birthdate: "2009-01-01",
        userId: "u1"
      }
    ]
    expect(failure(Reconciliation.reconcile(request({ userLearners })))).toMatchObject({
      _tag: "Conflict",
      code: "ACCOUNT_SEEMS_TO_BELONGS_TO_ANOTHER_USER",
      meta: { shortCode: "R90", value: null, userId: "u1" }
    })
    // Same birthdate or same INE elsewhere: it is the same student.
    expect(
      Result.isSuccess(
        Reconciliation.reconcile(request({ userLearners: [{ ...userLearners[0]!, birthdate: "2010-05-12" }] }))
      )
    ).toBe(true)
    expect(
      Result.isSuccess(
        Reconciliation.reconcile(request({ userLearners: [{ ...userLearners[0]!, nationalStudentId: "123456789AB" }] }))
      )
    ).toBe(true)
  })

  it("reconciles automatically through the INE", () => {
    expect(
      Result.getOrThrow(
        Reconciliation.reconcileAutomatically({
          userId: "u1",
          organizationId: "org1",
          latestNationalStudentId: "123456789AB",
          learners: [learner()]
        })
      )
    ).toEqual({ learnerId: "l1" })
    expect(
      failure(
        Reconciliation.reconcileAutomatically({
          userId: "u1",
          organizationId: "org1",
          latestNationalStudentId: "123456789AB",
          learners: [learner({ isDisabled: true })]
        })
      )
    ).toMatchObject({ _tag: "NotFound", code: "USER_COULD_NOT_BE_RECONCILED" })
  })

  it("proposes a username from the names and birthdate, then random digits", () => {
    const names = { firstName: "Frédéric", lastName: "Du Pont", birthdate: "2010-05-12" }
    expect(
      Result.getOrThrow(
        Reconciliation.usernameFor(
          names,
          () => false,
          () => 0
        )
      )
    ).toBe("frederic.dupont1205")
    const taken = new Set(["frederic.dupont1205"])
    expect(
      Result.getOrThrow(
        Reconciliation.usernameFor(
          names,
          (u) => taken.has(u),
          () => 7
        )
      )
    ).toBe("frederic.dupont7777")
    expect(
      failure(
        Reconciliation.usernameFor(
          names,
          () => true,
          () => 7,
          2
        )
      ).code
    ).toBe("USERNAME_NOT_AVAILABLE")
  })
})

describe("reconciliation properties", () => {
  const name = fc.stringMatching(/^[a-cé -]{0,4}$/)
  const birthdate = fc.constantFrom("2010-01-01", "2010-01-02")
  const userId = fc.option(fc.constantFrom("u1", "u2", "u3"), { nil: null })
  const learner = fc.record({
    learnerId: fc.constantFrom("l1", "l2", "l3", "l4"),
    organizationId: fc.constantFrom("org1", "org2"),
    firstName: name,
    middleName: fc.option(name, { nil: null }),
    thirdName: fc.option(name, { nil: null }),
    lastName: name,
    preferredLastName: fc.option(name, { nil: null }),
    birthdate,
    nationalStudentId: fc.option(fc.constantFrom("INE1", "INE2"), { nil: null }),
    userId,
    isDisabled: fc.boolean()
  })
  const linked = fc.record({
    learnerId: fc.constantFrom("l7", "l8"),
    organizationId: fc.constantFrom("org1", "org9"),
    nationalStudentId: fc.option(fc.constantFrom("INE1", "INE2"), { nil: null }),
    birthdate,
    userId: fc.constantFrom("u1", "u2", "u3")
  })
  const account = fc.record({
    userId: fc.constantFrom("u1", "u2", "u3"),
    authenticationMethods: fc.record({
      samlId: fc.option(fc.string({ maxLength: 3 }), { nil: null }),
      username: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
      email: fc.option(fc.string({ maxLength: 6 }), { nil: null })
    })
  })
  const request = fc.record({
    userId,
    organizationId: fc.constantFrom("org1", "org2"),
    typed: fc.record({ firstName: name, lastName: name, birthdate }),
    learners: fc.array(learner, { maxLength: 5 }),
    reconciledByIne: fc.array(linked, { maxLength: 2 }),
    userLearners: fc.array(linked, { maxLength: 2 }),
    accounts: fc.array(account, { maxLength: 3 }),
    context: fc.constantFrom("RECONCILIATION" as const, "LOGIN_OR_REGISTER" as const)
  })

  it("never throws, and only ever designates an active, unlinked learner of the organization born that day", () => {
    fc.assert(
      fc.property(request, (input) => {
        const result = Reconciliation.reconcile(input)
        if (Result.isFailure(result)) {
          expect(result.failure.code).toMatch(/^[A-Z_]+$/)
          return
        }
        const chosen = input.learners.filter((l) => l.learnerId === result.success.learnerId)
        expect(
          chosen.some(
            (l) =>
              l.organizationId === input.organizationId &&
              !l.isDisabled &&
              l.userId === null &&
              l.birthdate === input.typed.birthdate
          )
        ).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})
