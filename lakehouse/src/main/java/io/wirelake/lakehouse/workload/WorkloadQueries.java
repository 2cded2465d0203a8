package io.wirelake.lakehouse.workload;

import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Answers "who had this address when" and "which workloads ran with which addresses" from {@code
 * net.workloads}. Each row there is an object's whole state from its time until the object's next row, so the
 * state at a window's start depends on rows before it: a query reads every row before the window's end (an
 * Iceberg scan with the time bound and, for workload listings, the namespace pushed down; never SQL) and
 * replays them into a {@link WorkloadTimeline}. Addresses resolve exactly at the time asked about (no
 * lateness). Safe for concurrent use; every call reads the table's latest snapshot.
 */
public final class WorkloadQueries {
  private static final String IP_CURSOR = "i1";
  private static final String WORKLOAD_CURSOR = "w1";

  private final Catalog catalog;
  private final List<String> clusterCidrs;

  /** Queries over the catalog's {@code net.workloads}; addresses outside learned ranges count as external. */
  public WorkloadQueries(Catalog catalog) {
    this(catalog, List.of());
  }

  /** @param clusterCidrs pod and service ranges known in addition to those learned from the events */
  public WorkloadQueries(Catalog catalog, List<String> clusterCidrs) {
    this.catalog = catalog;
    this.clusterCidrs = List.copyOf(clusterCidrs);
  }

  /**
   * Every hold on an address overlapping the window that matches the selection, ordered by its start, then
   * address; and, for one address at one instant, what it resolved to.
   */
  public IpListing ips(WorkloadSelection s, int limit, String cursor) {
    Replay r = replay(s.window().to(), null);
    long from = s.window().fromMicros();
    long to = s.window().toMicros();
    List<IpHolding> rows = new ArrayList<>();
    for (String ip : s.ip() != null ? List.of(WorkloadTimeline.normalize(s.ip())) : r.ips) {
      for (IpHolding h : holdings(r.timeline, ip, from, to)) {
        if (matches(h, s)) {
          rows.add(h);
        }
      }
    }
    Function<IpHolding, String> key = h -> String.join("\u0000", sortable(h.since()), h.ip(), h.kind(),
        Objects.toString(h.namespace(), ""), h.name());
    WorkloadRef resolution = s.instant() && s.ip() != null
        ? r.timeline.resolve(WorkloadTimeline.normalize(s.ip()), from, 0)
        : null;
    return new IpListing(page(rows, key, IP_CURSOR, limit, cursor), resolution);
  }

  /**
   * The workloads whose pods existed in the window, each with those pods (addresses, node, services, lifetime),
   * and the services that existed in it with their cluster IPs and the pods behind them; ordered by namespace,
   * workloads before services, then name.
   */
  public Paged<WorkloadEntry> workloads(WorkloadSelection s, int limit, String cursor) {
    Replay r = replay(s.window().to(), s.namespace());
    long from = s.window().fromMicros();
    long to = s.window().toMicros();
    Map<List<String>, List<WorkloadEntry.Pod>> podsByWorkload = new TreeMap<>(Comparator.comparing(Object::toString));
    Map<List<String>, String> workloadNamespace = new HashMap<>();
    List<WorkloadEntry> entries = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, WorkloadEvent>> object : r.histories.entrySet()) {
      for (Run run : runs(object.getValue(), from, to)) {
        WorkloadEvent last = run.lastInWindow;
        switch (last.getKind()) {
          case "pod" -> {
            String ownerKind = last.getOwner() == null ? "Pod"
                : Objects.requireNonNullElse(kindOf(last.getOwner()), "Workload");
            String workload = last.getOwner() == null ? null : nameOf(last.getOwner());
            List<String> group = new ArrayList<>();
            group.add(Objects.toString(last.getNamespace(), ""));
            group.add(ownerKind);
            group.add(workload == null ? last.getName() : workload);
            workloadNamespace.put(group, last.getNamespace());
            podsByWorkload.computeIfAbsent(group, k -> new ArrayList<>()).add(pod(r.timeline, last, run, from, to));
          }
          case "service" -> entries.add(new WorkloadEntry.Service(last.getNamespace(), last.getName(),
              List.copyOf(run.ips), backing(r, last.getNamespace(), last.getName(), from, to),
              instant(run.start), instant(run.end)));
          default -> { }
        }
      }
    }
    podsByWorkload.forEach((group, pods) -> {
      pods.sort(Comparator.comparing(WorkloadEntry.Pod::name).thenComparing(WorkloadEntry.Pod::since));
      entries.add(workload(workloadNamespace.get(group), group.get(1).equals("Pod") ? null : group.get(2),
          group.get(1), pods));
    });
    List<WorkloadEntry> selected = new ArrayList<>();
    for (WorkloadEntry e : entries) {
      WorkloadEntry narrowed = select(e, s);
      if (narrowed != null) {
        selected.add(narrowed);
      }
    }
    return page(selected, WorkloadQueries::sortKey, WORKLOAD_CURSOR, limit, cursor);
  }

  /** The events of {@code net.workloads} before {@code until}, only those of one namespace if given. */
  List<WorkloadEvent> events(Instant until, String namespace) {
    Table table;
    try {
      table = catalog.loadTable(WirelakeTables.WORKLOADS);
    } catch (NoSuchTableException e) {
      return List.of();
    }
    if (table.currentSnapshot() == null) {
      return List.of();
    }
    Expression where = Expressions.lessThan("ts", micros(until));
    if (namespace != null) {
      where = Expressions.and(where, Expressions.equal("namespace", namespace));
    }
    List<WorkloadEvent> events = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(where).build()) {
      for (Record row : rows) {
        events.add(event(row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WirelakeTables.WORKLOADS, e);
    }
    return events;
  }

  private Replay replay(Instant until, String namespace) {
    Replay r = new Replay(new WorkloadTimeline(clusterCidrs));
    for (WorkloadEvent e : events(until, namespace)) {
      r.timeline.add(e);
      String object = e.getKind() + "/" + Objects.toString(e.getNamespace(), "") + "/" + e.getName();
      r.histories.computeIfAbsent(object, k -> new TreeMap<>()).put(WorkloadTimeline.micros(e.getTs()), e);
      e.getIps().forEach(ip -> r.ips.add(WorkloadTimeline.normalize(ip)));
    }
    return r;
  }

  /** The events replayed: the timeline, each object's history and every address seen. */
  private record Replay(WorkloadTimeline timeline, Map<String, TreeMap<Long, WorkloadEvent>> histories,
      TreeSet<String> ips) {
    Replay(WorkloadTimeline timeline) {
      this(timeline, new TreeMap<>(), new TreeSet<>());
    }
  }

  // ---- addresses

  /** The holds on one address in [from, to): one per object and unbroken span, EndpointSlices folded into pods. */
  private static List<IpHolding> holdings(WorkloadTimeline timeline, String ip, long from, long to) {
    List<Span> holders = new ArrayList<>();
    List<Span> slices = new ArrayList<>();
    for (Span span : merged(timeline.holdings(ip, from, to))) {
      (span.event.getKind().equals("endpoints") ? slices : holders).add(span);
    }
    List<IpHolding> out = new ArrayList<>();
    List<Span> sliceOfPod = new ArrayList<>();
    for (Span h : holders) {
      WorkloadEvent e = h.event;
      TreeSet<String> services = new TreeSet<>();
      if (e.getKind().equals("pod")) {
        for (Span slice : slices) {
          if (overlap(slice, h.start, h.end, from, to) && slice.event.getOwner() != null) {
            services.add(nameOf(slice.event.getOwner()));
            sliceOfPod.add(slice);
          }
        }
      }
      boolean pod = e.getKind().equals("pod");
      out.add(new IpHolding(ip, e.getKind(), e.getNamespace(), e.getName(),
          pod && e.getOwner() != null ? nameOf(e.getOwner()) : null,
          pod && e.getOwner() != null ? kindOf(e.getOwner()) : null,
          pod ? e.getNode() : e.getKind().equals("node") ? e.getName() : null,
          List.copyOf(services), instant(h.start), instant(h.end)));
    }
    for (Span slice : slices) {
      if (!sliceOfPod.contains(slice)) {
        WorkloadEvent e = slice.event;
        out.add(new IpHolding(ip, "endpoints", e.getNamespace(), e.getName(), null, null, null,
            e.getOwner() == null ? List.of() : List.of(nameOf(e.getOwner())), instant(slice.start),
            instant(slice.end)));
      }
    }
    return out;
  }

  private static boolean matches(IpHolding h, WorkloadSelection s) {
    if (s.namespace() != null && !s.namespace().equals(h.namespace())) {
      return false;
    }
    if (s.kind() != null && !s.kind().equals(h.kind())) {
      return false;
    }
    if (s.workload() != null && (h.workload() == null || !s.workloadMatches(h.ownerKind(), h.workload()))) {
      return false;
    }
    if (s.pod() != null && !(h.kind().equals("pod") && s.pod().equals(h.name()))) {
      return false;
    }
    return s.service() == null || (h.kind().equals("service") ? s.service().equals(h.name())
        : h.services().contains(s.service()));
  }

  /** One object's hold on an address, adjacent intervals of the same object joined; end null while open. */
  private record Span(String object, WorkloadEvent event, long start, Long end) {}

  private static List<Span> merged(List<WorkloadTimeline.Holding> holdings) {
    Map<String, List<WorkloadTimeline.Holding>> byObject = new LinkedHashMap<>();
    for (WorkloadTimeline.Holding h : holdings) {
      WorkloadEvent e = h.event();
      byObject.computeIfAbsent(e.getKind() + "/" + Objects.toString(e.getNamespace(), "") + "/" + e.getName(),
          k -> new ArrayList<>()).add(h);
    }
    List<Span> spans = new ArrayList<>();
    byObject.forEach((object, list) -> {
      list.sort(Comparator.comparingLong(WorkloadTimeline.Holding::startMicros));
      Span current = null;
      for (WorkloadTimeline.Holding h : list) {
        if (current != null && current.end != null && current.end == h.startMicros()) {
          current = new Span(object, h.event(), current.start, h.endMicros());
        } else {
          if (current != null) {
            spans.add(current);
          }
          current = new Span(object, h.event(), h.startMicros(), h.endMicros());
        }
      }
      spans.add(current);
    });
    spans.sort(Comparator.comparingLong(Span::start));
    return spans;
  }

  /** True if the span overlaps both [start, end) (end null: unbounded) and [from, to). */
  private static boolean overlap(Span span, long start, Long end, long from, long to) {
    long lo = Math.max(Math.max(span.start, start), from);
    long hi = Math.min(Math.min(span.end == null ? Long.MAX_VALUE : span.end, end == null ? Long.MAX_VALUE : end), to);
    return lo < hi;
  }

  // ---- workloads

  /** One lifetime of an object: from a non-deleted state to its deletion (end null if none seen). */
  private static final class Run {
    long start;
    Long end;
    WorkloadEvent lastInWindow;
    final TreeSet<String> ips = new TreeSet<>();
    String node;
  }

  /** The lifetimes of one object that overlap [from, to), with what they held inside the window. */
  private static List<Run> runs(TreeMap<Long, WorkloadEvent> history, long from, long to) {
    List<Run> runs = new ArrayList<>();
    Run run = null;
    List<Map.Entry<Long, WorkloadEvent>> events = new ArrayList<>(history.entrySet());
    for (int n = 0; n < events.size(); n++) {
      long start = events.get(n).getKey();
      WorkloadEvent e = events.get(n).getValue();
      if ("deleted".equals(e.getAction())) {
        if (run != null) {
          run.end = start;
          run = null;
        }
        continue;
      }
      if (run == null) {
        run = new Run();
        run.start = start;
        runs.add(run);
      }
      long end = n + 1 < events.size() ? events.get(n + 1).getKey() : Long.MAX_VALUE;
      if (start < to && end > from) {
        run.lastInWindow = e;
        for (String ip : e.getIps()) {
          run.ips.add(WorkloadTimeline.normalize(ip));
        }
        if (e.getNode() != null) {
          run.node = e.getNode();
        }
      }
    }
    runs.removeIf(r -> r.lastInWindow == null);
    return runs;
  }

  private static WorkloadEntry.Pod pod(WorkloadTimeline timeline, WorkloadEvent last, Run run, long from, long to) {
    TreeSet<String> services = new TreeSet<>();
    for (String ip : run.ips) {
      for (Span slice : merged(timeline.holdings(ip, from, to))) {
        if (slice.event.getKind().equals("endpoints") && slice.event.getOwner() != null
            && Objects.equals(slice.event.getNamespace(), last.getNamespace())
            && overlap(slice, run.start, run.end, from, to)) {
          services.add(nameOf(slice.event.getOwner()));
        }
      }
    }
    return new WorkloadEntry.Pod(last.getName(), List.copyOf(run.ips), run.node, List.copyOf(services),
        instant(run.start), instant(run.end));
  }

  private static WorkloadEntry.Workload workload(String namespace, String name, String kind,
      List<WorkloadEntry.Pod> pods) {
    TreeSet<String> ips = new TreeSet<>();
    TreeSet<String> nodes = new TreeSet<>();
    for (WorkloadEntry.Pod p : pods) {
      ips.addAll(p.ips());
      if (p.node() != null) {
        nodes.add(p.node());
      }
    }
    return new WorkloadEntry.Workload(namespace, name, kind, pods, List.copyOf(ips), List.copyOf(nodes));
  }

  /** The addresses a service's EndpointSlices listed in [from, to), each with the pod that held it then. */
  private static List<WorkloadEntry.Backing> backing(Replay r, String namespace, String service, long from,
      long to) {
    String owner = "Service/" + service;
    TreeSet<String> ips = new TreeSet<>();
    r.histories.forEach((object, history) -> {
      for (WorkloadEvent e : history.values()) {
        if (e.getKind().equals("endpoints") && owner.equals(e.getOwner())
            && Objects.equals(namespace, e.getNamespace())) {
          e.getIps().forEach(ip -> ips.add(WorkloadTimeline.normalize(ip)));
        }
      }
    });
    List<WorkloadEntry.Backing> out = new ArrayList<>();
    for (String ip : ips) {
      List<Span> spans = merged(r.timeline.holdings(ip, from, to));
      List<long[]> listed = new ArrayList<>();
      for (Span s : spans) {
        if (s.event.getKind().equals("endpoints") && owner.equals(s.event.getOwner())
            && Objects.equals(namespace, s.event.getNamespace())) {
          listed.add(new long[] {s.start, s.end == null ? Long.MAX_VALUE : s.end});
        }
      }
      for (long[] u : union(listed)) {
        boolean held = false;
        for (Span p : spans) {
          if (p.event.getKind().equals("pod") && overlap(p, u[0], u[1], from, to)) {
            held = true;
            long end = Math.min(u[1], p.end == null ? Long.MAX_VALUE : p.end);
            out.add(new WorkloadEntry.Backing(ip, p.event.getName(),
                p.event.getOwner() == null ? null : nameOf(p.event.getOwner()), instant(Math.max(u[0], p.start)),
                end == Long.MAX_VALUE ? null : instant(end)));
          }
        }
        if (!held) {
          out.add(new WorkloadEntry.Backing(ip, null, null, instant(u[0]),
              u[1] == Long.MAX_VALUE ? null : instant(u[1])));
        }
      }
    }
    out.sort(Comparator.comparing(WorkloadEntry.Backing::since).thenComparing(WorkloadEntry.Backing::ip));
    return out;
  }

  /** Overlapping or adjacent intervals joined. */
  private static List<long[]> union(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    List<long[]> out = new ArrayList<>();
    for (long[] i : intervals) {
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && i[0] <= last[1]) {
        last[1] = Math.max(last[1], i[1]);
      } else {
        out.add(new long[] {i[0], i[1]});
      }
    }
    return out;
  }

  /** The entry as the selection narrows it (pods or backing to the one pod asked about), or null if it does not match. */
  private static WorkloadEntry select(WorkloadEntry entry, WorkloadSelection s) {
    if (s.namespace() != null && !s.namespace().equals(entry.namespace())) {
      return null;
    }
    if (entry instanceof WorkloadEntry.Workload w) {
      if (s.kind() != null && !s.kind().equalsIgnoreCase(w.kind())) {
        return null;
      }
      if (s.workload() != null && (w.name() == null || !s.workloadMatches(w.kind(), w.name()))) {
        return null;
      }
      if (s.service() != null && w.pods().stream().noneMatch(p -> p.services().contains(s.service()))) {
        return null;
      }
      if (s.pod() == null) {
        return w;
      }
      List<WorkloadEntry.Pod> pods = w.pods().stream().filter(p -> p.name().equals(s.pod())).toList();
      return pods.isEmpty() ? null : workload(w.namespace(), w.name(), w.kind(), pods);
    }
    WorkloadEntry.Service svc = (WorkloadEntry.Service) entry;
    if (s.kind() != null && !s.kind().equals("service")) {
      return null;
    }
    if (s.service() != null && !s.service().equals(svc.name())) {
      return null;
    }
    if (s.workload() != null && svc.backing().stream().noneMatch(b -> b.workload() != null
        && (s.workload().equals(b.workload()) || s.workload().endsWith("/" + b.workload())))) {
      return null;
    }
    if (s.pod() == null) {
      return svc;
    }
    List<WorkloadEntry.Backing> backing = svc.backing().stream().filter(b -> s.pod().equals(b.pod())).toList();
    return backing.isEmpty() ? null
        : new WorkloadEntry.Service(svc.namespace(), svc.name(), svc.clusterIps(), backing, svc.since(), svc.until());
  }

  private static String sortKey(WorkloadEntry e) {
    if (e instanceof WorkloadEntry.Workload w) {
      return String.join("\u0000", Objects.toString(w.namespace(), ""), "0", w.kind(),
          w.name() != null ? w.name() : w.pods().get(0).name());
    }
    return String.join("\u0000", Objects.toString(e.namespace(), ""), "1", "Service",
        ((WorkloadEntry.Service) e).name());
  }

  // ---- paging and values

  /** Rows after the cursor's key, in key order, at most {@code limit}. */
  private static <T> Paged<T> page(List<T> rows, Function<T, String> key, String kind, int limit, String cursor) {
    String after = cursor == null ? null : decode(cursor, kind);
    List<T> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(key));
    List<T> rest = after == null ? sorted
        : sorted.stream().filter(row -> key.apply(row).compareTo(after) > 0).toList();
    boolean truncated = rest.size() > limit;
    List<T> page = rest.subList(0, Math.min(limit, rest.size()));
    String next = truncated ? encode(kind, key.apply(page.get(page.size() - 1))) : null;
    return new Paged<>(page, rest.size(), truncated, next);
  }

  private static String encode(String kind, String key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((kind + "|" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor, String kind) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      if (!raw.startsWith(kind + "|")) {
        throw WorkloadSelection.badCursor();
      }
      return raw.substring(kind.length() + 1);
    } catch (IllegalArgumentException e) {
      throw WorkloadSelection.badCursor();
    }
  }

  /** Microseconds as text that sorts like the numbers. */
  private static String sortable(Instant t) {
    return String.format("%016x", micros(t) ^ Long.MIN_VALUE);
  }

  private static WorkloadEvent event(Record row) {
    List<String> ips = new ArrayList<>();
    if (row.getField("ips") instanceof List<?> list) {
      list.forEach(ip -> ips.add(ip.toString()));
    }
    List<String> cidrs = new ArrayList<>();
    if (row.getField("cidrs") instanceof List<?> list) {
      list.forEach(c -> cidrs.add(c.toString()));
    }
    List<Integer> ports = new ArrayList<>();
    if (row.getField("ports") instanceof List<?> list) {
      list.forEach(p -> ports.add(((Number) p).intValue()));
    }
    Map<String, String> labels = new TreeMap<>();
    if (row.getField("labels") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> labels.put(k.toString(), v == null ? null : v.toString()));
    }
    return WorkloadEvent.newBuilder()
        .setTs(((OffsetDateTime) row.getField("ts")).toInstant())
        .setKind(text(row.getField("kind")))
        .setAction(text(row.getField("action")))
        .setNamespace(text(row.getField("namespace")))
        .setName(text(row.getField("name")))
        .setIps(ips)
        .setNode(text(row.getField("node")))
        .setLabels(labels)
        .setOwner(text(row.getField("owner")))
        .setCidrs(cidrs)
        .setPorts(ports)
        .build();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static String nameOf(String owner) {
    int slash = owner.indexOf('/');
    return slash < 0 ? owner : owner.substring(slash + 1);
  }

  private static String kindOf(String owner) {
    int slash = owner.indexOf('/');
    return slash < 0 ? null : owner.substring(0, slash);
  }

  private static long micros(Instant t) {
    return WorkloadTimeline.micros(t);
  }

  private static Instant instant(Long micros) {
    return micros == null || micros == Long.MAX_VALUE ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
