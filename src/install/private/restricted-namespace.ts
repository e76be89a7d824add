import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from '../../private/cluster-scoped';
import { plainObject } from '../../private/plain-object';

/**
 * A Namespace labelled to enforce a Pod Security Standard on every pod in it: "restricted" unless
 * a pod of the install needs more (the caller warns about that).
 */
export function restrictedNamespace(scope: Construct, id: string, name: string,
  labels: { [key: string]: string } = {}, level: 'restricted' | 'privileged' = 'restricted'): ApiObject {
  return clusterScoped(plainObject(scope, id, 'v1', 'Namespace', {
    metadata: {
      name,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  }));
}
