package io.pullwarden.agent.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pullwarden.agent.diagnose.ClusterView;
import io.pullwarden.agent.diagnose.Diagnoser;
import io.pullwarden.agent.diagnose.Diagnosis;
import io.pullwarden.agent.diagnose.DiagnosisReport;
import io.pullwarden.agent.diagnose.KubernetesClusterView;
import io.pullwarden.agent.diagnose.ManifestClusterView;
import io.pullwarden.agent.diagnose.RegistryHandshake;
import io.pullwarden.agent.diagnose.RegistryLoginCheck;
import io.pullwarden.agent.diagnose.Subject;
import io.pullwarden.agent.diagnose.Subjects;
import io.pullwarden.agent.registry.HttpRegistryCheck;
import io.pullwarden.agent.registry.RegistryTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden diagnose}: explains why a pod cannot pull its images, or shows that it can, by
 * following the kubelet's path (see {@link Diagnoser}) for a pod in the cluster, an image a pod
 * would run, or a manifest read offline. Exit codes a script can branch on: 0 can pull, 1 cannot, 2
 * bad usage (or no such pod), 3 the diagnosis itself failed (an API server that cannot be reached).
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 3,
    description = {
      "Explains why a pod cannot pull its images, or shows that it can.",
      "  pullwarden diagnose -n NS POD",
      "  pullwarden diagnose -n NS --image IMAGE [--service-account SA]",
      "  pullwarden diagnose -f manifest.yaml   (offline: Secrets etc. from the file)",
      "The registry check trusts the JDK's CAs; add a private CA with --registry-ca FILE.",
      "Exit codes: 0 can pull, 1 cannot pull, 2 bad usage or no such pod, 3 diagnosis failed."
    })
final class DiagnoseCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "POD", description = "The pod.")
  private String pod;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "The namespace. Default: the kubeconfig's (the manifest's with -f).")
  private String namespace;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Diagnose a pod that would run IMAGE, instead of a pod that exists.")
  private String image;

  @Option(
      names = "--service-account",
      paramLabel = "SA",
      defaultValue = "default",
      description = "With --image: the pod's ServiceAccount. Default: ${DEFAULT-VALUE}.")
  private String serviceAccount;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "A manifest with the pod (or workload) and its Secrets; no cluster is used.")
  private Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  private Format output;

  @Option(
      names = "--no-network",
      description =
          "Do not ask the registry whether the credential logs in (by default diagnose runs the"
              + " Registry API V2 handshake with it, as the agent does before a rollout).")
  private boolean noNetwork;

  @Option(
      names = "--registry-ca",
      paramLabel = "FILE",
      description =
          "PEM CA certificates the registry's certificate is checked against, besides the JDK's:"
              + " for a registry with a private CA (what a sync's registries[].caBundle holds).")
  private Path registryCa;

  enum Format {
    TEXT,
    JSON
  }

  @Override
  public Integer call() throws IOException {
    if (file != null && image != null) {
      throw usage("give -f FILE or --image, not both");
    }
    if (file == null && (pod == null) == (image == null)) {
      throw usage("give a POD, --image IMAGE or -f FILE (one of them)");
    }
    if (image == null
        && spec.commandLine().getParseResult().hasMatchedOption("--service-account")) {
      throw usage("--service-account goes with --image; a pod names its own");
    }
    if (noNetwork && registryCa != null) {
      throw usage("--registry-ca goes with a registry check; --no-network makes none");
    }
    // The handshake of the agent's verify-before-rollout (ADR 0024), unless told to stay offline.
    RegistryLoginCheck login =
        noNetwork
            ? RegistryLoginCheck.NOT_CHECKED
            : new RegistryHandshake(new HttpRegistryCheck(), registryTls());
    if (file != null) {
      return offline(login);
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns =
          Optional.ofNullable(namespace)
              .or(() -> Optional.ofNullable(client.getNamespace()))
              .orElse("default");
      Subject subject;
      if (image != null) {
        subject = Subjects.ofImage(ns, image, serviceAccount);
      } else {
        Pod found = client.pods().inNamespace(ns).withName(pod).get();
        if (found == null) {
          throw usage("no pod " + pod + " in namespace " + ns);
        }
        subject = Subjects.ofPod(ns, Optional.of(pod), found.getSpec(), true);
      }
      return report(new KubernetesClusterView(client), subject, login);
    }
  }

  /** The JDK's CAs, plus those of {@code --registry-ca}. */
  private RegistryTls registryTls() {
    if (registryCa == null) {
      return RegistryTls.DEFAULT;
    }
    if (!Files.isRegularFile(registryCa)) {
      throw usage("--registry-ca: no such file: " + registryCa);
    }
    try {
      // PEM is ASCII; ISO-8859-1 reads any byte, so text around the certificates does no harm.
      return RegistryTls.trusting(Files.readString(registryCa, StandardCharsets.ISO_8859_1));
    } catch (IOException | GeneralSecurityException e) {
      throw usage("--registry-ca: " + registryCa + " holds no PEM certificate that can be read");
    }
  }

  private int offline(RegistryLoginCheck login) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw usage("no such file: " + file);
    }
    ManifestClusterView view;
    Optional<Subject> subject;
    try (Reader reader = Files.newBufferedReader(file)) {
      view = ManifestClusterView.read(reader);
      subject =
          view.subject(Optional.ofNullable(pod), Optional.ofNullable(namespace).orElse("default"));
    } catch (IOException | RuntimeException e) {
      Optional<IOException> notYaml = notYaml(e);
      if (notYaml.isPresent()) {
        throw notYaml.get();
      }
      if (e instanceof RuntimeException || mapping(e)) {
        // A conversion's message may quote a value from the file (an env value, a password):
        // name the file and the kind of failure only.
        throw new IOException(
            file
                + ": an object in it does not have the shape Kubernetes gives it ("
                + e.getClass().getSimpleName()
                + "); check it with kubectl apply --dry-run=client -f "
                + file);
      }
      throw e;
    }
    return report(
        view,
        subject.orElseThrow(
            () ->
                usage(
                    file
                        + " has no "
                        + (pod == null ? "pod or workload" : "pod or workload named " + pod))),
        login);
  }

  private int report(ClusterView view, Subject subject, RegistryLoginCheck login) {
    Diagnosis diagnosis = new Diagnoser(view, Clock.systemUTC(), login).diagnose(subject);
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        output == Format.JSON ? DiagnosisReport.json(diagnosis) : DiagnosisReport.text(diagnosis));
    out.flush();
    return diagnosis.canPull() ? 0 : 1;
  }

  /**
   * A manifest that does not parse, told by where only: the YAML parser's message quotes the
   * offending line, which may hold a password, so neither it nor the exception goes on (the error
   * printer walks the cause chain and the debug log prints it). Empty when {@code failure} is no
   * parse error, such as a file that cannot be read.
   */
  private Optional<IOException> notYaml(Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException parse
          && !(cause instanceof JsonMappingException)) {
        JsonLocation at = parse.getLocation();
        String where =
            at == null || at.getLineNr() < 1
                ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return Optional.of(new IOException(file + ": not valid YAML" + where));
      }
    }
    return Optional.empty();
  }

  /** True when a YAML document parsed but could not become the object it names. */
  private static boolean mapping(Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException) {
        return true;
      }
    }
    return false;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
