/**
 * The events the benchmarks seed and fold, shaped as the library writes them.
 */

/** The `StudentImported` of learner `l` of organization number `o` (INE, name and division derived from both). */
export const studentImported = (o: number, l: number, occurredAt: string) => {
  const organizationId = `org-${o}`
  return {
    _tag: "StudentImported",
    organizationId,
    learnerId: `${organizationId}-l${l}`,
    nationalStudentId: `${String(o).padStart(4, "0")}${String(l).padStart(6, "0")}A`,
    firstName: "Camille",
    middleName: null,
    thirdName: null,
    lastName: `NOM${l}`,
    preferredLastName: null,
    sex: "F",
    birthdate: "2012-03-14",
    birthCountryCode: "100",
    birthProvinceCode: "033",
    birthCityCode: "33063",
    birthCity: null,
    MEFCode: "10010012110",
    status: "ST",
    division: `6${String.fromCharCode(65 + (l % 8))}`,
    schoolYear: "2026",
    actorId: "admin",
    occurredAt
  }
}
