import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from '../../private/cluster-scoped';
import { plainObject } from '../../private/plain-object';

/** A Namespace labelled to enforce the "restricted" Pod Security Standard on every pod in it. */
export function restrictedNamespace(scope: Construct, id: string, name: string,
  labels: { [key: string]: string } = {}): ApiObject {
  return clusterScoped(plainObject(scope, id, 'v1', 'Namespace', {
    metadata: {
      name,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  }));
}
