package io.wirelake.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart in {@code ../helm}, rendered with Helm (helm-java) as release {@value #RELEASE} in namespace
 * {@value #NAMESPACE}, and the rendered objects parsed.
 *
 * <p>helm-java's {@code template} has no {@code --api-versions}; {@link #withApis} passes the same API
 * versions through the chart's {@code capabilities.extraApiVersions}, which the chart ORs with
 * {@code .Capabilities.APIVersions.Has}.
 */
final class Chart {
  static final String RELEASE = "wl";
  static final String NAMESPACE = "wirelake";
  static final String STRIMZI_API = "kafka.strimzi.io/v1";
  static final String FLINK_API = "flink.apache.org/v1beta1";

  private final Path valuesFile;
  private final Map<String, Object> sets = new LinkedHashMap<>();

  private Chart(Path valuesFile) {
    this.valuesFile = valuesFile;
  }

  static Path dir() {
    Path dir = Path.of(System.getProperty("wirelake.chart", "../helm")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException("no Chart.yaml in " + dir + " (system property wirelake.chart)");
    }
    return dir;
  }

  static Chart defaults() {
    return new Chart(null);
  }

  static Chart production() {
    return new Chart(dir().resolve("values-production.yaml"));
  }

  static LintResult lint() {
    return new Helm(dir()).lint().strict().call();
  }

  /** As if rendered with {@code --api-versions kafka.strimzi.io/v1,flink.apache.org/v1beta1}. */
  Chart withApis(String... apis) {
    for (int i = 0; i < apis.length; i++) {
      sets.put("capabilities.extraApiVersions[" + i + "]", apis[i]);
    }
    return this;
  }

  Chart withOperatorApis() {
    return withApis(STRIMZI_API, FLINK_API);
  }

  Chart set(String key, Object value) {
    sets.put(key, value);
    return this;
  }

  /** The rendered manifest text ({@code helm template}). */
  String yaml() {
    TemplateCommand template = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  /** The release notes (NOTES.txt) as {@code helm install --dry-run} prints them, without a cluster. */
  String notes() {
    InstallCommand install = new Helm(dir()).install().clientOnly().dryRun()
        .withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      install = install.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    String output = install.call().getOutput();
    int notes = output.indexOf("NOTES:\n");
    if (notes < 0) {
      throw new AssertionError("no NOTES in " + output);
    }
    return output.substring(notes + "NOTES:\n".length());
  }

  Rendered render() {
    return Rendered.parse(yaml());
  }

  /** All Kubernetes objects of one rendering. */
  record Rendered(String yaml, List<K8s> objects) {
    static Rendered parse(String yaml) {
      List<K8s> objects = new ArrayList<>();
      try (MappingIterator<Map<String, Object>> docs =
          new YAMLMapper().readerForMapOf(Object.class).readValues(yaml)) {
        while (docs.hasNext()) {
          Map<String, Object> doc = docs.next();
          if (doc != null && !doc.isEmpty()) {
            objects.add(new K8s(doc));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("rendered chart is not YAML", e);
      }
      return new Rendered(yaml, List.copyOf(objects));
    }

    List<K8s> ofKind(String kind) {
      return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    K8s one(String kind, String name) {
      List<K8s> found = objects.stream()
          .filter(o -> o.kind().equals(kind) && o.name().equals(name)).toList();
      if (found.size() != 1) {
        throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size()
            + " among " + objects.stream().map(K8s::id).toList());
      }
      return found.get(0);
    }

    /** The pod specs of every workload (DaemonSet, Deployment, CronJob, FlinkDeployment podTemplate). */
    List<Map<String, Object>> podSpecs() {
      List<Map<String, Object>> specs = new ArrayList<>();
      for (K8s o : objects) {
        switch (o.kind()) {
          case "DaemonSet", "Deployment", "StatefulSet", "Job" -> specs.add(o.map("spec.template.spec"));
          case "CronJob" -> specs.add(o.map("spec.jobTemplate.spec.template.spec"));
          case "FlinkDeployment" -> specs.add(o.map("spec.podTemplate.spec"));
          default -> { }
        }
      }
      return specs;
    }

    /** Every container (and init container) of every workload. */
    List<Map<String, Object>> containers() {
      List<Map<String, Object>> all = new ArrayList<>();
      for (Map<String, Object> spec : podSpecs()) {
        all.addAll(K8s.maps(spec.get("containers")));
        all.addAll(K8s.maps(spec.get("initContainers")));
      }
      return all;
    }
  }

  static String name(String component) {
    return RELEASE + "-wirelake-" + component;
  }
}
