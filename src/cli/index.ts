#!/usr/bin/env node
import { main } from "./program.js";

// exitCode rather than exit(): lets a large --json output drain to a pipe.
process.exitCode = await main(process.argv);
