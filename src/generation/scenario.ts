/**
 * Scenario-side helpers for force generation, called from src/scenario/parse.ts:
 * read a `contributors` file named relative to the scenario, and check the
 * cross-references a schema cannot (a veto naming an unknown nation, a
 * condition naming a backstop that does not exist), each error pointing at the
 * field, in whichever file it lives.
 */
import { nearest, TruceInputError } from "../errors/index.js";
import {
  formatPath,
  locate,
  type PathSegment,
  parseSource,
  type ReadRelative,
  type SourceText,
  validateWith,
} from "../scenario/source.js";
import { CAPABILITIES, type Contributor, contributorsFileSchema, type GenerationInput } from "./schema.js";

/** Where the contributors list lives: the scenario itself, or a referenced file. */
interface ContributorsSource {
  src: SourceText;
  /** Path of the list inside `src`. */
  prefix: PathSegment[];
}

/**
 * Resolve `contributors` when it is a path. Returns the list and where it came from.
 * Without `readRelative` (e.g. text uploaded alone), a path is an error.
 */
export function resolveContributors(
  value: Contributor[] | string | undefined,
  src: SourceText,
  readRelative?: ReadRelative,
): { contributors?: Contributor[]; where: ContributorsSource } {
  if (typeof value !== "string") return { contributors: value, where: { src, prefix: ["contributors"] } };
  if (!readRelative) {
    throw new TruceInputError({
      file: src.file,
      ...locate(src, ["contributors"]),
      path: "contributors",
      problem: `refers to the file "${value}", but files cannot be read here.`,
      fix: "Put the contributors inline.",
    });
  }
  const ref = readRelative(value, { file: src.file, path: "contributors" });
  const fileSrc = parseSource(ref.file, ref.text, { referenced: true });
  const data = fileSrc.doc.toJS({ maxAliasCount: 100 }) as unknown;
  const parsed = validateWith(fileSrc, contributorsFileSchema, data);
  if (Array.isArray(parsed)) return { contributors: parsed, where: { src: fileSrc, prefix: [] } };
  return { contributors: parsed.contributors, where: { src: fileSrc, prefix: ["contributors"] } };
}

type Fail = (path: PathSegment[], problem: string, fix: string) => never;

function failIn(s: SourceText): Fail {
  return (path, problem, fix) => {
    throw new TruceInputError({ file: s.file, ...locate(s, path), path: formatPath(path), problem, fix });
  };
}

function suggest(word: string, known: string[], what: string): string {
  const guess = nearest(word, known);
  if (guess) return `Did you mean "${guess}"?`;
  return known.length > 0
    ? `Known ${what}: ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", ..." : ""}.`
    : `Add the ${what.replace(/s$/, "")} first.`;
}

/** Check generation sections against each other and against the scenario's parties. */
export function validateGenerationSemantics(
  scenario: GenerationInput,
  src: SourceText,
  contributorsAt: ContributorsSource,
): void {
  const fail = failIn(src);
  const failC = failIn(contributorsAt.src);
  const cPath = (...rest: PathSegment[]): PathSegment[] => [...contributorsAt.prefix, ...rest];
  const contributors = scenario.contributors ?? [];
  const nationIds = contributors.map((c) => c.nation);
  const backstopIds = (scenario.backstops ?? []).map((b) => b.id);
  const partyIds = (scenario.parties ?? []).map((p) => p.id);
  const consentIds = Object.keys(scenario.consent ?? {});
  const blocs = [...new Set(contributors.flatMap((c) => c.memberships))];

  const seenBackstop = new Set<string>();
  (scenario.backstops ?? []).forEach((b, i) => {
    if (seenBackstop.has(b.id))
      fail(["backstops", i, "id"], `backstop "${b.id}" is listed twice.`, "Give each backstop its own id.");
    seenBackstop.add(b.id);
  });

  const seen = new Set<string>();
  contributors.forEach((c, i) => {
    if (seen.has(c.nation))
      failC(cPath(i, "nation"), `nation "${c.nation}" is listed twice.`, "Merge its pledges into one entry.");
    seen.add(c.nation);
    c.pledges.forEach((p, j) => {
      if (p.troopsPerUnit === undefined && !CAPABILITIES[p.capability]) {
        failC(
          cPath(i, "pledges", j, "capability"),
          `"${p.capability}" is not a standard capability, so its unit size is unknown.`,
          `Give troopsPerUnit, or use a standard one: ${suggest(p.capability, Object.keys(CAPABILITIES), "capabilities")}`,
        );
      }
    });
    c.requires.forEach((r, k) => {
      if (r === c.nation) failC(cPath(i, "requires", k), `${c.nation} cannot require itself.`, "Remove it.");
      if (!backstopIds.includes(r) && !nationIds.includes(r)) {
        failC(
          cPath(i, "requires", k),
          `the condition names "${r}", which is neither a backstop nor a contributor.`,
          `${suggest(r, [...backstopIds, ...nationIds], "backstops and nations")} Backstops are declared under \`backstops\`.`,
        );
      }
    });
    const oc = c.onlyIf?.partyConsent;
    if (Array.isArray(oc)) {
      oc.forEach((pid, k) => {
        if (!consentIds.includes(pid)) {
          failC(
            cPath(i, "onlyIf", "partyConsent", k),
            `"${pid}" is not a party with consent rules.`,
            suggest(pid, consentIds, "parties under `consent`"),
          );
        }
      });
    }
  });

  for (const [pid, rule] of Object.entries(scenario.consent ?? {})) {
    if (partyIds.length > 0 && !partyIds.includes(pid)) {
      fail(["consent", pid], `"${pid}" is not one of the scenario's parties.`, suggest(pid, partyIds, "parties"));
    }
    rule.vetoes.forEach((v, k) => {
      if (!nationIds.includes(v) && !blocs.includes(v)) {
        fail(
          ["consent", pid, "vetoes", k],
          `the veto names "${v}", which is neither a contributing nation nor a bloc any contributor belongs to.`,
          suggest(v, [...nationIds, ...blocs], "nations and blocs"),
        );
      }
    });
  }

  const policy = scenario.policy;
  const sectorIds = (scenario.requirements?.sectors ?? []).map((s) => s.id);
  const seenSector = new Set<string>();
  (scenario.requirements?.sectors ?? []).forEach((s, i) => {
    if (seenSector.has(s.id))
      fail(["requirements", "sectors", i, "id"], `sector "${s.id}" is listed twice.`, "Give each sector its own id.");
    seenSector.add(s.id);
  });
  const mix = scenario.requirements?.mix ?? {};
  const mixSum = Object.values(mix).reduce((a, b) => a + b, 0);
  if (mixSum > 1 + 1e-9) {
    fail(
      ["requirements", "mix"],
      `the shares add up to ${mixSum.toFixed(3)}, more than 1.`,
      "Make them sum to 1 or less.",
    );
  }
  policy?.leadNations.forEach((l, i) => {
    if (!sectorIds.includes(l.sector)) {
      fail(
        ["policy", "leadNations", i, "sector"],
        `"${l.sector}" is not a sector in requirements.sectors.`,
        suggest(l.sector, sectorIds, "sectors"),
      );
    }
    if (!nationIds.includes(l.nation)) {
      fail(
        ["policy", "leadNations", i, "nation"],
        `"${l.nation}" is not a contributor.`,
        suggest(l.nation, nationIds, "nations"),
      );
    }
  });
  for (const pid of Object.keys(policy?.excludeNeighbours ?? {})) {
    if (partyIds.length > 0 && !partyIds.includes(pid)) {
      fail(
        ["policy", "excludeNeighbours", pid],
        `"${pid}" is not one of the scenario's parties.`,
        suggest(pid, partyIds, "parties"),
      );
    }
  }
}
