package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart's {@code plugins} init container, read from a rendered Deployment: which directories it
 * copies from and to, checked against the volumes and mounts that back them, and its script run on
 * this machine with each container path replaced by a local directory. No pod ever runs in the
 * tests (the API server has no nodes), so this is how the script itself is exercised.
 */
final class PluginsInitContainer {

  private final PodSpec pod;
  private final Container init;

  private PluginsInitContainer(PodSpec pod, Container init) {
    this.pod = pod;
    this.init = init;
  }

  /** Reads the init container and checks that it and the agent share the plugins directory. */
  static PluginsInitContainer of(Deployment deployment) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("plugins");
    PluginsInitContainer plugins = new PluginsInitContainer(pod, pod.getInitContainers().get(0));
    Container agent = pod.getContainers().get(0);
    String target = plugins.targetDirectory();
    assertThat(agent.getArgs()).contains("--plugins-dir=" + target);
    assertThat(mountPath(agent, "plugins")).isEqualTo(target);
    assertThat(mountPath(plugins.init, "plugins")).isEqualTo(target);
    assertThat(plugins.volumeNamed("plugins").getEmptyDir()).isNotNull();
    return plugins;
  }

  /** The emptyDir the script fills and the agent reads: the first argument. */
  String targetDirectory() {
    return init.getArgs().get(0);
  }

  /** Where the image keeps its built-in plugins: the second argument. */
  String builtinDirectory() {
    return init.getArgs().get(1);
  }

  /** Where the extra plugin volume {@code name} is mounted; it is one of the script's sources. */
  String extraDirectory(String name) {
    String path = mountPath(init, "plugins-" + name);
    assertThat(init.getArgs()).contains(path);
    return path;
  }

  /** The volume behind the extra plugin {@code name}. */
  Volume volume(String name) {
    return volumeNamed("plugins-" + name);
  }

  /** Runs the container's command here, each argument mapped to a local directory. */
  HelmChart.Run runLocally(Map<String, Path> localDirectories) {
    List<String> command = new ArrayList<>(init.getCommand());
    for (String argument : init.getArgs()) {
      assertThat(localDirectories).as("a local directory for " + argument).containsKey(argument);
      command.add(localDirectories.get(argument).toString());
    }
    return HelmChart.run(command, "");
  }

  private Volume volumeNamed(String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static String mountPath(Container container, String volume) {
    return container.getVolumeMounts().stream()
        .filter(mount -> mount.getName().equals(volume))
        .map(VolumeMount::getMountPath)
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
  }
}
