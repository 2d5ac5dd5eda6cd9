#!/usr/bin/env node
// `tributary` bin: Node runs the TypeScript directly (type stripping, Node >= 22.18 / 24).
import { main } from "./tributary.ts";

process.exitCode = await main(process.argv.slice(2));
