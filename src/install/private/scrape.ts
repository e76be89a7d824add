import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { goDuration, humanSeconds } from '../../private/duration';
import { fail } from '../../private/errors';
import { checkAnnotations, checkLabels } from '../../private/metadata';
import { checkDnsLabel } from '../../private/names';
import { plainObject } from '../../private/plain-object';
import { ScrapeOptions } from '../options';

const DEFAULT_SCRAPE_INTERVAL = Duration.seconds(60);
const DEFAULT_SCRAPE_TIMEOUT = Duration.seconds(30);
/** Endpoint fields this library sets; endpointAdditionalProperties may not replace them. */
const OWN_ENDPOINT_FIELDS = ['port', 'targetPort', 'path', 'interval', 'scrapeTimeout', 'honorLabels'];

/** Checks a ServiceMonitor's or PodMonitor's options: labels, annotations, namespace, extras, a timeout within the interval. */
export function checkScrape(scope: IConstruct, prop: string, scrape: ScrapeOptions): void {
  checkLabels(scope, `${prop}.labels`, scrape.labels);
  checkAnnotations(scope, `${prop}.annotations`, scrape.annotations);
  if (scrape.namespace !== undefined) checkDnsLabel(scope, `${prop}.namespace`, scrape.namespace);
  if (scrape.prometheusInstance !== undefined) {
    checkLabels(scope, `${prop}.prometheusInstance`, { prometheus: scrape.prometheusInstance });
    const label = scrape.labels?.prometheus;
    if (label !== undefined && label !== scrape.prometheusInstance) {
      fail(scope, `${prop}.prometheusInstance "${scrape.prometheusInstance}" and ${prop}.labels.prometheus "${label}" differ; set only prometheusInstance`);
    }
  }
  const extra = scrape.endpointAdditionalProperties;
  if (extra !== undefined && (typeof extra !== 'object' || Array.isArray(extra))) {
    fail(scope, `${prop}.endpointAdditionalProperties is ${JSON.stringify(extra)}, not an object; write an object, e.g. { relabelings: [...] }`);
  }
  const clash = Object.keys(extra ?? {}).filter((k) => OWN_ENDPOINT_FIELDS.includes(k));
  if (clash.length) {
    fail(scope, `${prop}.endpointAdditionalProperties sets ${clash.join(', ')}, which this construct sets; `
      + 'use the matching prop (interval, scrapeTimeout, honorLabels) or a JSON patch on the object instead');
  }
  const interval = (scrape.interval ?? DEFAULT_SCRAPE_INTERVAL).toSeconds();
  const timeout = (scrape.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT).toSeconds();
  if (timeout > interval) {
    fail(scope, `${prop}.scrapeTimeout ${humanSeconds(timeout)} is longer than its interval ${humanSeconds(interval)}; Prometheus rejects it. `
      + 'Lower the timeout or raise the interval');
  }
}

/** The endpoint timing of a scrape object, as prometheus-operator's duration strings. */
export function scrapeTiming(scope: IConstruct, scrape: ScrapeOptions): { interval: string; scrapeTimeout: string } {
  return {
    interval: goDuration(scope, 'interval', scrape.interval ?? DEFAULT_SCRAPE_INTERVAL),
    scrapeTimeout: goDuration(scope, 'scrapeTimeout', scrape.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT),
  };
}

/** What a scrape object selects, and how its endpoint reaches the metrics port. */
export interface ScrapeTarget {
  readonly name: string;
  /** Namespace of the scraped pods. */
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** `jobLabel`, `selector` and the like. */
  readonly spec: { [key: string]: any };
  /** `port` or `targetPort`, and `path`. */
  readonly endpoint: { [key: string]: any };
}

/**
 * A ServiceMonitor or PodMonitor (child id = kind) for `target`, with the options' labels,
 * annotations, namespace (selecting the target's namespace explicitly when they differ), timing,
 * honorLabels and endpoint extras.
 */
export function scrapeMonitor(scope: Construct, kind: 'ServiceMonitor' | 'PodMonitor', scrape: ScrapeOptions, target: ScrapeTarget): ApiObject {
  const namespace = scrape.namespace ?? target.namespace;
  const endpoint = {
    ...target.endpoint,
    ...scrapeTiming(scope, scrape),
    honorLabels: scrape.honorLabels ?? false,
    ...scrape.endpointAdditionalProperties,
  };
  return plainObject(scope, kind, 'monitoring.coreos.com/v1', kind, {
    metadata: {
      name: target.name,
      namespace,
      labels: {
        ...scrape.labels,
        ...(scrape.prometheusInstance !== undefined ? { prometheus: scrape.prometheusInstance } : {}),
        ...target.labels,
      },
      annotations: scrape.annotations,
    },
    spec: {
      ...target.spec,
      ...(namespace !== target.namespace ? { namespaceSelector: { matchNames: [target.namespace] } } : {}),
      [kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints']: [endpoint],
    },
  });
}
