package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pod {@code helm test} runs, as rendered: the agent's own image running {@code pullwarden
 * check-ready} for exactly the Deployment's pods on the agent's metrics port, with an account that
 * may list pods, and labels that none of the agent's selectors match (else the Service would send
 * scrapes to it and the Deployment's selectors would count it). HelmInstallIT runs it.
 */
final class ChartTestPod {

  private ChartTestPod() {}

  static void assertChecksEveryReplica(List<HasMetadata> objects, Deployment deployment) {
    List<HasMetadata> hooks = objects.stream().filter(HelmChart::isHook).toList();
    Pod pod = HelmChart.only(hooks, Pod.class);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    Container agent = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Container check = pod.getSpec().getContainers().get(0);
    assertThat(check.getImage()).as("the test's image").isEqualTo(agent.getImage());
    assertThat(pod.getSpec().getImagePullSecrets())
        .isEqualTo(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets());
    String selector =
        new TreeMap<>(deployment.getSpec().getSelector().getMatchLabels())
            .entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .collect(Collectors.joining(","));
    assertThat(check.getArgs())
        .containsExactly(
            "check-ready",
            "--namespace=" + deployment.getMetadata().getNamespace(),
            "--selector=" + selector,
            "--port=" + agent.getPorts().get(0).getContainerPort(),
            "--path=" + agent.getReadinessProbe().getHttpGet().getPath());
    assertThat(check.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    Map<String, String> labels = pod.getMetadata().getLabels();
    assertThat(matches(deployment.getSpec().getSelector().getMatchLabels(), labels))
        .as("the Deployment's selector matches the test pod")
        .isFalse();
    Service service = HelmChart.only(objects, Service.class);
    assertThat(matches(service.getSpec().getSelector(), labels))
        .as("the Service's selector matches the test pod")
        .isFalse();

    Role role = HelmChart.only(hooks, Role.class);
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResources()).containsExactly("pods");
              assertThat(rule.getVerbs()).containsExactly("list");
            });
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(role.getMetadata().getName());
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }
}
