package io.wirelake.deploy;

import java.util.List;
import java.util.Map;

/** One rendered Kubernetes object, with dotted-path access ({@code "spec.template.spec"}). */
record K8s(Map<String, Object> doc) {
  String kind() {
    return String.valueOf(doc.get("kind"));
  }

  String apiVersion() {
    return String.valueOf(doc.get("apiVersion"));
  }

  String name() {
    return String.valueOf(map("metadata").get("name"));
  }

  String id() {
    return apiVersion() + "/" + kind() + "/" + name();
  }

  Map<String, Object> labels() {
    return map("metadata.labels");
  }

  Object get(String path) {
    return at(doc, path);
  }

  Map<String, Object> map(String path) {
    Object v = get(path);
    if (!(v instanceof Map)) {
      throw new AssertionError(id() + ": " + path + " is not a map: " + v);
    }
    return cast(v);
  }

  List<Map<String, Object>> list(String path) {
    return maps(get(path));
  }

  /** Value at a dotted path below a map (keys themselves contain no dots here), or null. */
  static Object at(Map<String, Object> root, String path) {
    Object current = root;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  static Map<String, Object> container(Map<String, Object> podSpec, String name) {
    return maps(podSpec.get("containers")).stream()
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  /** The env entry named {@code name} of a container, or null. */
  static Map<String, Object> env(Map<String, Object> container, String name) {
    return maps(container.get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElse(null);
  }
}
