import { IConstruct } from 'constructs';
import { RuleInfo } from './finding';
import { Inventory } from './inventory';
import { CertificateGraph } from '../graph/certificate-graph';

/** What a rule reads: the app's certificate graph and the objects found in the checked scope. */
export interface RuleContext {
  readonly graph: CertificateGraph;
  readonly inventory: Inventory;
  /** Whether a construct lies in the checked scope. */
  inScope(construct: IConstruct): boolean;
}

/** A problem a rule found, before suppressions are applied. */
export interface RuleFinding {
  /** The construct the finding is about; suppressions on it or its ancestors apply. */
  readonly scope: IConstruct;
  readonly message: string;
}

/** A rule of the pack: metadata and a pure function of the context. */
export interface Rule extends RuleInfo {
  check(ctx: RuleContext): RuleFinding[];
}
