package dev.manifestguard.cluster;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects the cluster-state tests create in the fabric8 mock server. */
final class MockCluster {
  private MockCluster() {}

  static void createServiceAccount(KubernetesClient client, String namespace, String name) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
  }
}
