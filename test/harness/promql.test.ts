import { metricNames, unknownMetrics } from './promql';

describe('metric names in PromQL', () => {
  test.each([
    ['up == 1', ['up']],
    ['sum by (namespace, name) (rate(foo_total{job="x", le=~"0.5"}[5m] offset 1h)) / on (namespace) group_left (owner) bar', ['bar', 'foo_total']],
    ['count(x{namespace=~"$namespace", a="sum(y)"}) or vector(0)', ['x']],
    ['histogram_quantile(0.01, sum by (job, le) (rate(h_bucket[5m]))) < 7 * 24 * 3600 and on (job) h_count > 0', ['h_bucket', 'h_count']],
    ['sum(rate(a[5m])) without (instance) unless ignoring (pod) b', ['a', 'b']],
    ['{__name__="via_matcher", job="j"}', ['via_matcher']],
    ['max_over_time(deriv(c[1h:5m])[1d:1h]) > bool 1e3 * time()', ['c']],
    ['sort_desc(time() - max by (namespace, name) (renewal_ts > 0) > 0)', ['renewal_ts']],
    ['rate(x[$__rate_interval]) * Inf', ['x']],
  ])('%s reads %j', (expr, expected) => {
    expect(metricNames(expr)).toEqual(expected);
  });

  test('label names in by () are not metrics', () => {
    expect(metricNames('sum by (certmanager_not_a_metric) (real_metric)')).toEqual(['real_metric']);
  });

  test('a metric outside the allow-list is reported (the check can fail)', () => {
    const allowed = ['certmanager_certificate_ready_status'];
    expect(unknownMetrics('count(certmanager_certificate_ready_status{condition="True"})', allowed)).toEqual([]);
    expect(unknownMetrics('count(certmanager_certificate_ready_status) + certmanager_certificates_total', allowed))
      .toEqual(['certmanager_certificates_total']);
  });
});
