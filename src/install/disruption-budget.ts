import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../private/errors';
import { plainObject } from '../private/plain-object';

/**
 * How many pods of a component may be evicted at once during a voluntary disruption (a node
 * drain, a cluster upgrade): the PodDisruptionBudget of that component.
 *
 * A budget that leaves no pod evictable blocks every node drain, so each choice is checked
 * against the component's replica count.
 */
export class DisruptionBudget {
  /** At most `count` pods unavailable at once. */
  public static maxUnavailable(count: number): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', count, false);
  }

  /** At most `percent`% of the pods (rounded up) unavailable at once. */
  public static maxUnavailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', percent, true);
  }

  /** At least `count` pods available at all times. */
  public static minAvailable(count: number): DisruptionBudget {
    return new DisruptionBudget('minAvailable', count, false);
  }

  /** At least `percent`% of the pods (rounded up) available at all times. */
  public static minAvailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget('minAvailable', percent, true);
  }

  /** No PodDisruptionBudget: every pod may be evicted at once. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget('none', 0, false);
  }

  private constructor(
    /** @internal */ public readonly _field: 'maxUnavailable' | 'minAvailable' | 'none',
    /** @internal */ public readonly _value: number,
    /** @internal */ public readonly _percent: boolean,
  ) {
    const max = _percent ? 100 : Number.MAX_SAFE_INTEGER;
    if (_field !== 'none' && (!Number.isInteger(_value) || _value < 0 || _value > max)) {
      throw new Error(`DisruptionBudget.${_field}${_percent ? 'Percent' : ''}(${_value}): `
        + `expected a whole number from 0 to ${_percent ? 100 : 'the replica count'}`);
    }
  }

  /** The value as the PodDisruptionBudget spec writes it: a number or `"N%"`. */
  public get value(): string {
    return this._percent ? `${this._value}%` : `${this._value}`;
  }

  /** @internal Pods the budget lets the eviction API remove at once, given the replica count. */
  public _evictable(replicas: number): number {
    const amount = this._percent ? Math.ceil((this._value * replicas) / 100) : this._value;
    switch (this._field) {
      case 'none':
        return replicas;
      case 'maxUnavailable':
        return Math.min(amount, replicas);
      default:
        return Math.max(replicas - amount, 0);
    }
  }

  /**
   * @internal The PodDisruptionBudget (child `DisruptionBudget` of `scope`) of the pods matching
   * `matchLabels`, with the extra spec fields given; nothing for `none()`.
   */
  public _toKube(scope: Construct, metadata: { [key: string]: any }, matchLabels: { [key: string]: string },
    extraSpec: { [key: string]: any } = {}): ApiObject | undefined {
    if (this._field === 'none') return undefined;
    return plainObject(scope, 'DisruptionBudget', 'policy/v1', 'PodDisruptionBudget', {
      metadata,
      spec: {
        selector: { matchLabels },
        [this._field]: this._percent ? this.value : this._value,
        ...extraSpec,
      },
    });
  }

  /** @internal Fails when the budget leaves no pod evictable. */
  public _check(scope: IConstruct, replicas: number): void {
    if (this._field !== 'none' && this._evictable(replicas) < 1) {
      const desc = `${this._field} ${this.value}`;
      fail(scope, `disruptionBudget ${desc} with replicas ${replicas} leaves no pod evictable, which blocks every node drain; `
        + (replicas > 1
          ? 'use DisruptionBudget.maxUnavailable(1)'
          : 'raise replicas to 2 or more, or use DisruptionBudget.none()'));
    }
  }
}
