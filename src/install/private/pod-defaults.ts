import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';
import { parseQuantity } from '../../private/quantity';

/** The container security context every pod this library installs runs with (restricted Pod Security). */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT: { [key: string]: any } = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
};

/** Default CPU request and memory request and limit of a container; there is no CPU limit by default. */
export interface DefaultResources {
  readonly cpu: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/**
 * The container's requests and limits: the defaults, or for CPU and memory separately what the
 * user gave, plus ephemeral storage when given. Fails when a limit is below its request, since
 * the pod would never be scheduled.
 */
export function containerResources(scope: IConstruct, given: ContainerResources | undefined,
  defaults: DefaultResources): { [key: string]: any } {
  const amounts = {
    'cpu': [given?.cpu ? given.cpu.request?.amount : defaults.cpu, given?.cpu ? given.cpu.limit?.amount : undefined],
    'memory': [given?.memory ? sizeQuantity(given.memory.request) : defaults.memoryRequest, given?.memory ? sizeQuantity(given.memory.limit) : defaults.memoryLimit],
    'ephemeral-storage': [sizeQuantity(given?.ephemeralStorage?.request), sizeQuantity(given?.ephemeralStorage?.limit)],
  };
  const requests: { [key: string]: string } = {};
  const limits: { [key: string]: string } = {};
  for (const [what, [request, limit]] of Object.entries(amounts)) {
    if (request && limit && parseQuantity(limit)! < parseQuantity(request)!) {
      const prop = what === 'ephemeral-storage' ? 'ephemeralStorage' : what;
      fail(scope, `resources.${prop}.limit ${limit} is below resources.${prop}.request ${request}; `
        + 'the pod would never be scheduled. Raise the limit or lower the request');
    }
    if (request) requests[what] = request;
    if (limit) limits[what] = limit;
  }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}

/** A Size as the shortest exact quantity: `1Gi`, `512Mi`, `1536Ki`. */
export function sizeQuantity(size: Size | undefined): string | undefined {
  if (!size) return undefined;
  const mi = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mi / 1024)) return `${mi / 1024}Gi`;
  return Number.isInteger(mi) ? `${mi}Mi` : `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`;
}

/** Timing of a probe. */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** An HTTP GET probe on a named container port. */
export function httpProbe(path: string, port: string, timing: ProbeTiming): { [key: string]: any } {
  return { httpGet: { path, port, scheme: 'HTTP' }, successThreshold: 1, ...timing };
}

/**
 * Best-effort topology spread of a workload's pods across zones and/or nodes (`ScheduleAnyway`,
 * so a small cluster still schedules every pod). Undefined when neither is wanted.
 */
export function spreadConstraints(matchLabels: { [key: string]: string }, zones: boolean, nodes: boolean):
Array<{ [key: string]: any }> | undefined {
  const keys = [...(zones ? ['topology.kubernetes.io/zone'] : []), ...(nodes ? ['kubernetes.io/hostname'] : [])];
  return keys.length
    ? keys.map((topologyKey) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels } }))
    : undefined;
}
