import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, commandSummaries, requestedCommand } from "./program.js";

describe("truce --help without loading command modules", () => {
  it("lists each command as its module registers it (name, argument, description)", async () => {
    const real = await buildProgram("all");
    const summary = await buildProgram();
    const shape = (p: Command) =>
      p.commands.map((c) => ({
        name: c.name(),
        args: c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(" "),
        description: c.description(),
      }));
    expect(shape(summary)).toEqual(shape(real));
    expect(Object.keys(commandSummaries).length).toBe(real.commands.length);
  });

  it("the overview registers stubs only: no command has options of its own", async () => {
    const summary = await buildProgram();
    expect(summary.commands.every((c) => c.options.length === 0)).toBe(true);
    expect(summary).toBeInstanceOf(Command);
  });

  it("finds the command to load, also behind `help`", () => {
    expect(requestedCommand(["node", "truce", "--no-cache", "size", "x.yaml"])).toBe("size");
    expect(requestedCommand(["node", "truce", "help", "zone"])).toBe("zone");
    expect(requestedCommand(["node", "truce", "--help"])).toBeUndefined();
    expect(requestedCommand(["node", "truce", "nosuch"])).toBeUndefined();
  });
});
