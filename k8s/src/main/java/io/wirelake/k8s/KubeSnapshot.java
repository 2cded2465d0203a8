package io.wirelake.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one {@code kubectl get pods,services,endpointslices,nodes -A -o json} output, as of the instant
 * the snapshot takes effect. The file holds a {@code List} (or a typed list such as {@code PodList}, whose items
 * carry no kind of their own) or a single object, or several of those one after another. ReplicaSets in the file,
 * if any ({@code kubectl get ...,replicasets}), resolve pod owners; otherwise the pod-template-hash rule does.
 */
record KubeSnapshot(Instant at, Map<String, ObjectState> objects) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  KubeSnapshot {
    objects = Map.copyOf(objects);
  }

  /** Reads {@code arg}'s file; errors name the argument. */
  static KubeSnapshot read(SnapshotArgument arg, Instant at) {
    if (!Files.isRegularFile(arg.file())) {
      throw new IllegalArgumentException(arg.missingFileMessage());
    }
    List<Item> items = new ArrayList<>();
    try (InputStream in = Files.newInputStream(arg.file());
        MappingIterator<JsonNode> docs = MAPPER.readerFor(JsonNode.class).readValues(in)) {
      while (docs.hasNextValue()) {
        collect(docs.nextValue(), "", items);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(arg.missingFileMessage(), e);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("--k8s " + arg.argument() + ": " + arg.file()
          + " is not the JSON of kubectl get -o json (" + firstLine(e) + ")", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--k8s " + arg.argument() + ": cannot read " + arg.file() + ": " + e.getMessage(), e);
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("--k8s " + arg.argument() + ": " + arg.file()
          + " holds no Kubernetes objects (expected the output of kubectl get pods,services,endpointslices,nodes -A -o json)");
    }
    return of(at, items);
  }

  /** The snapshot of {@code items} (kind and object) at {@code at}. */
  static KubeSnapshot of(Instant at, List<Item> items) {
    Map<String, String> replicaSets = new HashMap<>();
    for (Item i : items) {
      if (i.kind().equals("ReplicaSet")) {
        replicaSets.put(KubeObjects.namespacedName(i.object()), KubeObjects.replicaSetWorkload(i.object()));
      }
    }
    Map<String, ObjectState> objects = new LinkedHashMap<>();
    for (Item i : items) {
      KubeObjects.state(i.kind(), i.object(), replicaSets).ifPresent(s -> objects.put(s.key(), s));
    }
    return new KubeSnapshot(at, objects);
  }

  /** One object and its Kubernetes kind. */
  record Item(String kind, JsonNode object) {}

  private static void collect(JsonNode node, String listItemKind, List<Item> out) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a Kubernetes object or list, found " + (node == null ? "nothing" : node.getNodeType()));
    }
    String kind = node.path("kind").asText(listItemKind);
    if (node.path("items").isArray() && (kind.endsWith("List") || kind.isEmpty())) {
      String itemKind = kind.equals("List") || kind.isEmpty() ? "" : kind.substring(0, kind.length() - "List".length());
      for (JsonNode item : node.path("items")) {
        collect(item, itemKind, out);
      }
      return;
    }
    if (kind.isEmpty()) {
      throw new IllegalArgumentException("an object without a kind: " + abbreviated(node));
    }
    out.add(new Item(kind, node));
  }

  private static String abbreviated(JsonNode node) {
    String s = node.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
