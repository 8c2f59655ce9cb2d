/**
 * Force generation's words: the plan summary, the assumptions, and the explanation of an
 * infeasible problem, from the numbers generate.ts computes.
 */
import type { Problem } from "./problem.js";
import type { Exclusion, Infeasibility, NationTotal, Unmet } from "./result.js";
import type { GenerationInput } from "./schema.js";

/** Exclusions in words, one phrase per cause: "Russia's veto of NATO and EU members". */
function causePhrases(problem: Problem, ex: Exclusion[]): string[] {
  const out: string[] = [];
  const byParty = new Map<string, string[]>();
  for (const e of ex) {
    const [kind, pid, entry] = e.id.split(":");
    if (kind === "veto") byParty.set(pid, [...(byParty.get(pid) ?? []), entry as string]);
    else out.push(e.text);
  }
  const blocs = new Set(problem.nations.flatMap((n) => n.memberships));
  const vetoes = [...byParty.entries()].map(([pid, entries]) => {
    const name = problem.parties.find((p) => p.id === pid)?.name ?? pid;
    const members = entries.every((x) => blocs.has(x)) ? " members" : "";
    return `${name}'s veto of ${joinAnd(entries)}${members}`;
  });
  return [...vetoes, ...out];
}

/** Why no plan exists, in words, with the smallest change that makes one possible. */
export function explainText(problem: Problem, inf: Infeasibility): string {
  const parts: string[] = [];
  const reqs = problem.requirements;
  const main = reqs.find((r) => r.id === "total:troops") ?? reqs.find((r) => r.measure === "troops") ?? reqs[0];
  const reqText = !main
    ? "there is no requirement"
    : main.id === "total:troops"
      ? `the requirement is ${fmt(main.amount)} troops`
      : `the requirement is ${main.text}`;
  const contributorWord = (n: number) => `${n} contributor${n === 1 ? "" : "s"}`;
  if (inf.exclusions.length > 0) {
    const causes = causePhrases(problem, inf.exclusions);
    const verb = causes.length === 1 ? "leaves" : "leave";
    parts.push(
      `${capitalise(joinAnd(causes))} ${verb} ${contributorWord(inf.eligible.nations.length)} of ${inf.contributors} with at most ${fmt(inf.eligible.maxTroops)} troops; ${reqText}.`,
    );
    for (const e of inf.exclusions) {
      parts.push(`${capitalise(e.text)} rules out ${e.nations.join(", ")} (${fmt(e.troops)} troops pledged).`);
    }
  } else {
    parts.push(`${contributorWord(inf.contributors)} pledge at most ${fmt(inf.pledgedTroops)} troops; ${reqText}.`);
  }
  const sf = inf.shortfall;
  const short = sf !== undefined && sf.requiredTroops !== undefined && (sf.missingTroops ?? 0) > 0;
  if (!inf.largestForce) {
    parts.push("The rules conflict even with no requirement: no force at all can be formed.");
  } else if (!short) {
    const lf = inf.largestForce;
    const why =
      lf.troops < inf.eligible.maxTroops
        ? ` (less than the ${fmt(inf.eligible.maxTroops)} troops eligible nations pledge: caps on shares, sectors and leads also bind)`
        : "";
    parts.push(
      `The largest force the rules allow is ${fmt(lf.troops)} troops from ${lf.nations} nation${lf.nations === 1 ? "" : "s"}${why}.`,
    );
  }
  if (sf && short) {
    const caps = sf.byCapability.filter((c) => c.measure === "troops" && c.sector === undefined);
    const why =
      sf.largestTroops < inf.eligible.maxTroops
        ? ` (less than the ${fmt(inf.eligible.maxTroops)} troops eligible nations pledge: caps on shares, sectors and leads also bind)`
        : "";
    parts.push(
      `The rules allow ${fmt(sf.largestTroops)} troops${why}; ${fmt(sf.missingTroops ?? 0)} more are needed${caps.length ? ` (short, by capability: ${caps.map((c) => `${c.capability} ${fmt(c.shortfall)}`).join(", ")})` : ""}. Contributors the rules leave in pledge ${fmt(sf.eligible.troops)}${sf.eligible.nations.length ? ` (${sf.eligible.nations.join(", ")})` : ""}.`,
    );
  }
  const political = inf.relax.filter((r) => r.kind !== "requirement");
  const requirement = inf.relax.filter((r) => r.kind === "requirement");
  const weight = inf.relax.reduce((a, r) => a + r.weight, 0);
  if (inf.relax.length === 0) {
    parts.push("No set of rules to relax was found within the time limit.");
  } else if (requirement.length === 0) {
    parts.push(
      `Smallest change that makes a plan possible (${political.length} rule${political.length === 1 ? "" : "s"}, weight ${weight}): ${joinAnd(political.map((r) => r.relaxText))}.`,
    );
    for (const alt of inf.alternatives) parts.push(`Equally small: ${joinAnd(alt.map((r) => r.relaxText))}.`);
  } else {
    parts.push(
      `No change to the political rules alone is enough: all pledges together come to ${fmt(inf.pledgedTroops)} troops. Lower the requirement${requirement.length === 1 ? "" : "s"} (${joinAnd(requirement.map((r) => r.text))}) or find more contributors${political.length ? `, and also ${joinAnd(political.map((r) => r.relaxText))}` : ""}.`,
    );
  }
  if (inf.conflict && inf.conflict.length > 0) {
    parts.push(
      `The conflict: ${joinAnd(inf.conflict.map((c) => c.text))} cannot all hold together (an irreducible conflict: without any one of them, the others can hold).`,
    );
  }
  if (inf.toggles.length > 0) parts.push(`What if: truce generate FILE ${inf.toggles.join(" ")}.`);
  return parts.join(" ");
}

/** The plan in one paragraph: troops, nations, sectors, cost, unmet requirements, gap. */
export function summarise(
  problem: Problem,
  t: { byNation: NationTotal[]; totalTroops: number; costPerYear: number },
  unmet: Unmet[],
  status: string,
  gap: number,
  timeLimitS: number,
): string {
  const lead = t.byNation.slice(0, 3).map((n) => `${n.nation} ${fmt(n.troops)}`);
  let s = `${fmt(t.totalTroops)} troops from ${t.byNation.length} nation${t.byNation.length === 1 ? "" : "s"} in ${problem.sectors.length} sector${problem.sectors.length === 1 ? "" : "s"}${lead.length ? ` (largest: ${lead.join(", ")})` : ""}, US$${fmt(Math.round(t.costPerYear / 1e6))} million a year.`;
  if (unmet.length > 0)
    s += ` ${unmet.length} requirement${unmet.length === 1 ? "" : "s"} not met: ${unmet.map((u) => `${u.text} (short by ${fmt(u.shortfall)})`).join("; ")}.`;
  if (status !== "optimal") s += ` Stopped at the ${timeLimitS} s time limit with a gap of ${(gap * 100).toFixed(2)}%.`;
  return s;
}

/** What the plan takes for granted: default costs, one sector, consent and vetoes, backstops. */
export function assumptions(problem: Problem, input: GenerationInput): string[] {
  const a: string[] = [];
  const perTroop = input.policy?.costPerTroopYear ?? 17_376;
  a.push(
    `Pledges without a cost are priced at US$${fmt(perTroop)} per soldier per year (UN troop reimbursement rate).`,
  );
  if (problem.sectorSource === "single")
    a.push("One sector: requirements.sectors is empty and no zone sectors were given.");
  if (problem.sectorSource === "zone")
    a.push(
      `The zone's ${problem.sectors.length} sectors (requirements.sectors is empty): each gets at least 90% of its length-proportional share of the troops.`,
    );
  if (problem.sectors.length > 1 && problem.sectors.some((_, i) => !problem.leads.some((l) => l.sector === i)))
    a.push(
      `Among plans within 0.5% of the best objective, stated preferences decide: a distinct lead nation (at least ${Math.round(problem.chosenLeadMinShare * 100)}% of its sector's floor of troops) in each sector without a stated lead, where capacity allows, larger contributors first; then fewer nations per sector; then a fixed order of pledges and sectors.`,
    );
  for (const p of problem.parties) {
    const state = p.consentWithdrawn
      ? "consent withdrawn (--without-consent: enforcement, not peacekeeping)"
      : `consent ${p.required ? "required" : "not required"}`;
    const vetoes = p.consentWithdrawn
      ? ""
      : `${p.vetoes.length ? `; vetoes ${p.vetoes.join(", ")}` : "; no veto"}${p.lifted.length ? `; lifted ${p.lifted.join(", ")}` : ""}`;
    a.push(`${p.name}: ${state}${vetoes}.`);
  }
  for (const b of problem.backstops) a.push(`${b.id}: ${b.present ? "present" : "absent"}.`);
  return a;
}

function joinAnd(xs: string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A whole number with thousands separators: 12,500. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
