import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { goDuration } from '../../private/duration';
import { fail } from '../../private/errors';
import { checkLabels } from '../../private/metadata';
import { ScrapeOptions } from '../options';

const DEFAULT_SCRAPE_INTERVAL = Duration.seconds(60);
const DEFAULT_SCRAPE_TIMEOUT = Duration.seconds(30);

/** Checks a ServiceMonitor's or PodMonitor's options: its labels, and a timeout within the interval. */
export function checkScrape(scope: IConstruct, prop: string, scrape: ScrapeOptions): void {
  checkLabels(scope, `${prop}.labels`, scrape.labels);
  const interval = (scrape.interval ?? DEFAULT_SCRAPE_INTERVAL).toSeconds();
  const timeout = (scrape.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT).toSeconds();
  if (timeout > interval) {
    fail(scope, `${prop}.scrapeTimeout ${timeout}s is longer than its interval ${interval}s; Prometheus rejects it. `
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
