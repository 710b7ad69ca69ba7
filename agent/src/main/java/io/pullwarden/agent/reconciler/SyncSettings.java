package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.NamespaceSelection;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.dockerconfig.RegistryServer;
import io.pullwarden.agent.fanout.NamespacePattern;
import io.pullwarden.agent.fanout.TargetNamespaces;
import io.pullwarden.agent.fanout.TemplateMetadata;
import io.pullwarden.plugin.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A PullSecretSync's spec, checked and parsed once per pass. The CRD schema already rejects most
 * mistakes at admission; this catches what a schema cannot (or what an older CRD let through), and
 * names every bad field in one message.
 */
public record SyncSettings(
    String name,
    PullSecretSyncSpec spec,
    Duration refreshInterval,
    TargetNamespaces targets,
    boolean allServiceAccounts,
    TemplateMetadata template) {

  /** The shortest refresh interval accepted, to keep a typo from hammering a store. */
  static final Duration MIN_REFRESH = Duration.ofSeconds(1);

  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  public static SyncSettings parse(PullSecretSync sync) throws SyncBlocked {
    PullSecretSyncSpec spec = sync.getSpec();
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      throw new SyncBlocked(Reason.INVALID_SPEC.toString(), "spec is required", null);
    }
    if (spec.getSecretName() == null || spec.getSecretName().isBlank()) {
      problems.add("spec.secretName is required");
    }
    if (spec.getRegistries() == null || spec.getRegistries().isEmpty()) {
      problems.add("spec.registries needs at least one registry");
    } else {
      for (int i = 0; i < spec.getRegistries().size(); i++) {
        RegistrySpec registry = spec.getRegistries().get(i);
        if (registry.getSourceRef() == null || registry.getSourceRef().isBlank()) {
          problems.add("spec.registries[" + i + "].sourceRef is required");
        }
        String server = registry.getServer();
        if (server != null && !server.isBlank()) {
          String field = "spec.registries[" + i + "].server ";
          RegistryServer.problem(server).ifPresent(problem -> problems.add(field + problem));
        }
      }
    }
    Duration refresh = MIN_REFRESH;
    try {
      refresh =
          DurationText.parse(
              spec.getRefreshInterval() == null
                  ? PullSecretSyncSpec.DEFAULT_REFRESH_INTERVAL
                  : spec.getRefreshInterval());
      if (refresh.compareTo(MIN_REFRESH) < 0) {
        problems.add("spec.refreshInterval must be at least 1s");
      }
    } catch (IllegalArgumentException e) {
      problems.add("spec.refreshInterval: " + e.getMessage());
    }
    if (spec.getNamespaces() != null && spec.getNamespaces().getSelector() != null) {
      List<LabelSelectorRequirement> expressions =
          spec.getNamespaces().getSelector().getMatchExpressions();
      for (int i = 0; expressions != null && i < expressions.size(); i++) {
        if (!OPERATORS.contains(expressions.get(i).getOperator())) {
          problems.add(
              "spec.namespaces.selector.matchExpressions["
                  + i
                  + "].operator must be In, NotIn, Exists or DoesNotExist");
        }
      }
    }
    NamespaceSelection selection = spec.getNamespaces();
    if (selection != null) {
      problems.addAll(patternProblems("spec.namespaces.names", selection.getNames()));
      problems.addAll(patternProblems("spec.namespaces.exclude", selection.getExclude()));
    }
    problems.addAll(TemplateMetadata.problems(spec.getSecretTemplate()));
    if (!problems.isEmpty()) {
      throw new SyncBlocked(Reason.INVALID_SPEC.toString(), String.join("; ", problems), null);
    }
    List<String> accounts =
        spec.getServiceAccounts() == null ? List.of() : spec.getServiceAccounts();
    return new SyncSettings(
        sync.getMetadata().getName(),
        spec,
        refresh,
        TargetNamespaces.of(spec.getNamespaces()),
        accounts.contains("*"),
        TemplateMetadata.of(spec.getSecretTemplate()));
  }

  /**
   * One problem per entry of {@code entries} that is neither a namespace name nor a pattern, and
   * one when the list is longer or holds more patterns than the CRD allows (an older CRD may have
   * let it in).
   */
  private static List<String> patternProblems(String field, List<String> entries) {
    List<String> problems = new ArrayList<>();
    if (entries != null && entries.size() > NamespaceSelection.MAX_ENTRIES) {
      problems.add(
          field
              + " has "
              + entries.size()
              + " entries; at most "
              + NamespaceSelection.MAX_ENTRIES
              + " (use a selector for more)");
    }
    long patterns =
        entries == null
            ? 0
            : entries.stream().filter(e -> e != null && NamespacePattern.isPattern(e)).count();
    if (patterns > NamespaceSelection.MAX_PATTERNS) {
      problems.add(
          field
              + " has "
              + patterns
              + " patterns; at most "
              + NamespaceSelection.MAX_PATTERNS
              + " entries may hold '*' or '?' (list the others by name)");
    }
    for (int i = 0; entries != null && i < entries.size(); i++) {
      String at = field + "[" + i + "] ";
      NamespacePattern.problem(entries.get(i)).ifPresent(problem -> problems.add(at + problem));
    }
    return problems;
  }

  /** True when the sync attaches its Secret to a ServiceAccount of this name. */
  boolean attachesTo(String serviceAccount) {
    return allServiceAccounts
        || (spec.getServiceAccounts() != null
            && spec.getServiceAccounts().contains(serviceAccount));
  }
}
