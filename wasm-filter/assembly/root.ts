// The root context: one per plugin (Envoy `root_id: aegis`). Holds the parsed configuration,
// the compiled automata and the scratch buffers every stream of this VM shares (a VM runs one
// callback at a time, and each scan finishes inside one callback).
import { PluginRoot, StreamContext } from "./runtime/contexts";
import { BufferType, LogLevel, getBuffer, log, refreshLogLevel } from "./runtime/hostcalls";
import { Config, parseConfig } from "./config";
import { Engine } from "./engine";
import { Normaliser } from "./text/normalise";
import { TextExtractor } from "./json/json-text";
import { Findings } from "./findings";
import { HeaderList } from "./headers";
import { Metrics } from "./metrics";
import { Rule } from "./rules";
import { AegisStream } from "./stream";
import { OutputRules } from "./response/holdback";

export class AegisRoot extends PluginRoot {
  config: Config = new Config();
  engine: Engine = new Engine();
  norm: Normaliser = new Normaliser();
  extractor: TextExtractor = new TextExtractor();
  findings: Findings = new Findings();
  headers: HeaderList = new HeaderList();
  metrics: Metrics = new Metrics();
  ruleIndex: Map<string, i32> = new Map();
  /** The response rule set (secrets and PII redacted in answers). */
  output: OutputRules = new OutputRules();
  configured: bool = false;

  newStream(id: u32): StreamContext { return new AegisStream(id, this); }

  onVmStart(size: u32): bool {
    refreshLogLevel();
    return true;
  }

  onPluginValidate(size: u32): bool {
    return parseConfig(getBuffer(BufferType.PluginConfiguration, 0, size)).error.length == 0;
  }

  onPluginConfigure(size: u32): bool {
    refreshLogLevel();
    const raw = getBuffer(BufferType.PluginConfiguration, 0, size);
    const res = parseConfig(raw);
    const cfg = res.config;
    if (cfg === null) {
      log(LogLevel.Error, "aegis filter: configuration refused: " + res.error);
      return false;
    }
    // Compile into fresh objects; the running configuration stays until this succeeds.
    const engine = new Engine();
    const err = engine.compile(cfg.rules, this.norm, cfg.maxMatches);
    if (err.length > 0) {
      log(LogLevel.Error, "aegis filter: configuration refused: " + err);
      return false;
    }
    const output = new OutputRules();
    const oerr = cfg.responseEnabled ? output.compile(cfg.rules, cfg.holdbackBytes) : "";
    if (oerr.length > 0) {
      log(LogLevel.Error, "aegis filter: configuration refused: response: " + oerr);
      return false;
    }
    const ex = new TextExtractor();
    ex.maxDepth = cfg.maxJsonDepth;
    ex.allStrings = cfg.scanAllStrings;
    for (let i = 0; i < cfg.textFields.length; i++) ex.textFields.add(cfg.textFields[i]);
    for (let i = 0; i < cfg.subtreeFields.length; i++) ex.subtreeFields.add(cfg.subtreeFields[i]);
    const idx = new Map<string, i32>();
    for (let i = 0; i < cfg.rules.length; i++) idx.set(cfg.rules[i].id, i);
    this.config = cfg;
    this.engine = engine;
    this.extractor = ex;
    this.ruleIndex = idx;
    this.output = output;
    this.metrics.define(cfg.rules);
    this.metrics.defineResponse(output.rules);
    this.configured = true;
    log(LogLevel.Info, "aegis filter: configured, mode=" + (cfg.monitor ? "monitor" : "enforce") + ", rules=" + cfg.rules.length.toString() +
      ", max_body_bytes=" + cfg.maxBodyBytes.toString() + ", dfa_states=" + engine.regex.stats +
      ", response=" + (output.active ? "on, holdback_bytes=" + output.bound.toString() : "off"));
    return true;
  }

  rule(id: string): i32 {
    return this.ruleIndex.has(id) ? this.ruleIndex.get(id) : -1;
  }

  rules(): Rule[] { return this.config.rules; }
}
