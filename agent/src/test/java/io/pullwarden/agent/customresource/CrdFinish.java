package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the CRD generator leaves out, added to each generated CRD before it is checked in: the
 * printer columns in the order the class declares them (the generator sorts them by JSON path,
 * fabric8 kubernetes-client issue 7454); {@code status.conditions} as the full {@code
 * metav1.Condition} schema in a list keyed by type (the generator knows neither its validations nor
 * list-map keys); and the descriptions {@code kubectl explain} shows for a type (the generator
 * ignores {@link JsonClassDescription}, so the root, {@code spec}, {@code status} and every nested
 * object take their class's) and for the Kubernetes types the classes reuse.
 */
final class CrdFinish {

  /** The descriptions of Kubernetes' own types, as in the Kubernetes API reference. */
  private static final Map<Class<?>, Map<String, String>> KUBERNETES_TYPES =
      Map.of(
          LabelSelector.class,
          Map.of(
              "",
                  "A label query over namespaces; the result of matchLabels and matchExpressions"
                      + " are ANDed. An empty selector matches every namespace.",
              "matchLabels", "Labels a namespace must have, each key with exactly this value.",
              "matchExpressions", "Requirements on a namespace's labels, all of which must hold."),
          LabelSelectorRequirement.class,
          Map.of(
              "", "A requirement on one label: a key, an operator and values.",
              "key", "The label key the requirement applies to.",
              "operator", "In, NotIn, Exists or DoesNotExist.",
              "values",
                  "The values for In and NotIn (must not be empty); empty for Exists and"
                      + " DoesNotExist."));

  private CrdFinish() {}

  /** Finishes {@code crd}, generated from {@code type}, in place. */
  static void apply(CustomResourceDefinition crd, Class<? extends CustomResource<?, ?>> type) {
    List<String> declared =
        Stream.of(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
      version.setAdditionalPrinterColumns(columns);

      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      describe(root, type);
      Type[] specAndStatus =
          ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments();
      describe(root.getProperties().get("spec"), (Class<?>) specAndStatus[0]);
      JSONSchemaProps status = root.getProperties().get("status");
      describe(status, (Class<?>) specAndStatus[1]);
      JSONSchemaProps conditions = status.getProperties().get("conditions");
      status.getProperties().put("conditions", conditions(conditions.getDescription()));
    }
  }

  /** {@code schema}'s description and those of its properties, from {@code type} where absent. */
  private static void describe(JSONSchemaProps schema, Class<?> type) {
    Map<String, String> kubernetes = KUBERNETES_TYPES.getOrDefault(type, Map.of());
    if (schema.getDescription() == null) {
      JsonClassDescription own = type.getAnnotation(JsonClassDescription.class);
      schema.setDescription(own != null ? own.value() : kubernetes.get(""));
    }
    if (schema.getProperties() == null) {
      return;
    }
    schema
        .getProperties()
        .forEach(
            (name, property) -> {
              if (property.getDescription() == null) {
                property.setDescription(kubernetes.get(name));
              }
              Class<?> nested = elementType(type, name);
              if (nested == null) {
                return;
              }
              if ("array".equals(property.getType()) && property.getItems() != null) {
                describe(property.getItems().getSchema(), nested);
              } else if ("object".equals(property.getType())) {
                describe(property, nested);
              }
            });
  }

  /** The class of field {@code name} of {@code type}, or of its list's elements; null if none. */
  private static Class<?> elementType(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!field.getName().equals(name)) {
          continue;
        }
        if (List.class.isAssignableFrom(field.getType())
            && field.getGenericType() instanceof ParameterizedType list
            && list.getActualTypeArguments()[0] instanceof Class<?> element) {
          return element;
        }
        return field.getType();
      }
    }
    return null;
  }

  /**
   * {@code metav1.Condition} as Kubernetes declares it (apimachinery's types.go): every field but
   * observedGeneration required, the status enum, the formats and limits, in a list keyed by type
   * so that server-side apply merges conditions one by one.
   */
  private static JSONSchemaProps conditions(String description) {
    return new JSONSchemaPropsBuilder()
        .withType("array")
        .withDescription(description)
        .withXKubernetesListType("map")
        .withXKubernetesListMapKeys("type")
        .withNewItems()
        .withNewSchema()
        .withType("object")
        .withDescription("One aspect of the resource's current state (metav1.Condition).")
        .withRequired("lastTransitionTime", "message", "reason", "status", "type")
        .addToProperties(
            "lastTransitionTime",
            string("When the condition last changed from one status to another.")
                .withFormat("date-time")
                .build())
        .addToProperties(
            "message",
            string("A human readable message about the transition; never a credential.")
                .withMaxLength(32768L)
                .build())
        .addToProperties(
            "observedGeneration",
            new JSONSchemaPropsBuilder()
                .withType("integer")
                .withFormat("int64")
                .withMinimum(0.0)
                .withDescription(
                    "The .metadata.generation the condition was set for; behind the resource's"
                        + " generation, the condition is out of date.")
                .build())
        .addToProperties(
            "reason",
            string(
                    "A CamelCase reason for the last transition, listed in Pullwarden's"
                        + " docs/reasons.md.")
                .withMinLength(1L)
                .withMaxLength(1024L)
                .withPattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
                .build())
        .addToProperties(
            "status",
            string("True, False or Unknown.")
                .withEnum(
                    List.of(new TextNode("True"), new TextNode("False"), new TextNode("Unknown")))
                .build())
        .addToProperties(
            "type",
            string("The condition's type: Ready, Reconciling, Stalled or Degraded.")
                .withMaxLength(316L)
                .withPattern(
                    "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                        + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
                .build())
        .endSchema()
        .endItems()
        .build();
  }

  private static JSONSchemaPropsBuilder string(String description) {
    return new JSONSchemaPropsBuilder().withType("string").withDescription(description);
  }
}
