import { Testing } from 'cdk8s';
import { synth } from './manifests';
import { checkRules, testRules } from './promtool';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../src/imports/monitoring.coreos.com';

function rules(expr: string) {
  const chart = Testing.chart();
  new PrometheusRule(chart, 'Rules', {
    metadata: { name: 'harness', namespace: 'monitoring' },
    spec: {
      groups: [{
        name: 'harness',
        rules: [{
          alert: 'CertificateNotReady',
          expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expr),
          for: '10m',
          labels: { severity: 'warning' },
          annotations: { summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready' },
        }],
      }],
    },
  });
  return synth(chart).objects;
}

const NOT_READY = 'max by (namespace, name) (certmanager_certificate_ready_status{condition="False"}) == 1';
const series = (value: string) => [{
  series: 'certmanager_certificate_ready_status{namespace="web",name="web",condition="False"}',
  values: value,
}];

describe('promtool helper', () => {
  test('check rules passes on valid rules', () => {
    expect(checkRules(rules(NOT_READY))).toContain('SUCCESS');
  });

  test('check rules fails on invalid PromQL, with promtool\'s message', () => {
    expect(() => checkRules(rules('max by (namespace (certmanager_certificate_ready_status'))).toThrow(/promtool check rules failed[\s\S]*parse error/);
  });

  test('test rules: the alert fires after its `for` and stays quiet before', () => {
    const out = testRules(rules(NOT_READY), [{
      interval: '1m',
      input_series: series('1x30'),
      alert_rule_test: [
        { eval_time: '5m', alertname: 'CertificateNotReady', exp_alerts: [] },
        {
          eval_time: '15m',
          alertname: 'CertificateNotReady',
          exp_alerts: [{
            exp_labels: { severity: 'warning', namespace: 'web', name: 'web' },
            exp_annotations: { summary: 'Certificate web/web is not ready' },
          }],
        },
      ],
    }]);
    expect(out).toContain('SUCCESS');
  });

  test('test rules fails when an expected alert does not fire', () => {
    expect(() => testRules(rules(NOT_READY), [{
      interval: '1m',
      input_series: series('0x30'),
      alert_rule_test: [{ eval_time: '15m', alertname: 'CertificateNotReady', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'web', name: 'web' } }] }],
    }])).toThrow(/promtool test rules failed[\s\S]*CertificateNotReady/);
  });

  test('fails when there is no PrometheusRule to check', () => {
    expect(() => checkRules([])).toThrow('no PrometheusRule among the synthesized objects');
  });
});
