package io.wirelake.lakehouse.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code net.workloads} rows of a small cluster: two payments pods behind service payments from 13:00; at 14:00
 * one is deleted and at 14:10 its address 10.244.1.5 goes to pod report-0 of another workload in another
 * namespace; at 14:20 a third payments pod starts. Answers are compared with values worked out by hand.
 */
class WorkloadQueriesTest {
  static final String IP = "10.244.1.5";

  @TempDir static Path data;
  static Catalog catalog;
  static WorkloadQueries queries;

  @BeforeAll
  static void writeEvents() {
    catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    Table table = catalog.loadTable(WirelakeTables.WORKLOADS);
    List<Record> rows = new ArrayList<>();
    rows.add(row(table, "13:00", "node", "added", null, "node-a", List.of("192.168.49.2"), null, null));
    rows.add(row(table, "13:00", "service", "added", "shop", "payments", List.of("10.96.0.30"), null, null));
    rows.add(row(table, "13:00", "pod", "added", "shop", "payments-7d9f-abcde", List.of(IP), "node-a",
        "Deployment/payments"));
    rows.add(row(table, "13:00", "pod", "added", "shop", "payments-7d9f-fghij", List.of("10.244.2.6"), "node-b",
        "Deployment/payments"));
    rows.add(row(table, "13:00", "endpoints", "added", "shop", "payments-x1", List.of(IP, "10.244.2.6"), null,
        "Service/payments"));
    rows.add(row(table, "14:00", "pod", "deleted", "shop", "payments-7d9f-abcde", List.of(), "node-a",
        "Deployment/payments"));
    rows.add(row(table, "14:00", "endpoints", "modified", "shop", "payments-x1", List.of("10.244.2.6"), null,
        "Service/payments"));
    rows.add(row(table, "14:10", "pod", "added", "batch", "report-0", List.of(IP), "node-a", "StatefulSet/report"));
    rows.add(row(table, "14:20", "pod", "added", "shop", "payments-7d9f-klmno", List.of("10.244.3.7"), "node-b",
        "Deployment/payments"));
    rows.add(row(table, "14:20", "endpoints", "modified", "shop", "payments-x1", List.of("10.244.2.6", "10.244.3.7"),
        null, "Service/payments"));
    IcebergRows.append(table, rows);
    queries = new WorkloadQueries(catalog, List.of("10.244.0.0/16"));
  }

  static Record row(Table table, String hhmm, String kind, String action, String namespace, String name,
      List<String> ips, String node, String owner) {
    Record r = GenericRecord.create(table.schema());
    r.setField("ts", IcebergRows.ts(t(hhmm).toString()));
    r.setField("kind", kind);
    r.setField("action", action);
    r.setField("namespace", namespace);
    r.setField("name", name);
    r.setField("ips", ips);
    r.setField("node", node);
    r.setField("labels", Map.of("app", name));
    r.setField("owner", owner);
    return r;
  }

  static Instant t(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  static WorkloadSelection window(String from, String to) {
    return WorkloadSelection.of(new TimeWindow(t(from), t(to)));
  }

  static String describe(IpHolding h) {
    return h.ip() + " " + h.kind() + " " + h.namespace() + "/" + h.name() + " " + h.services() + " "
        + h.since().toString().substring(11, 16) + "-" + (h.until() == null ? "" : h.until().toString().substring(11, 16));
  }

  @Test
  void anAddressResolvesToWhoeverHeldItBeforeAndAfterItChangedHands() {
    IpListing before = queries.ips(WorkloadSelection.at(t("13:30")).withIp(IP), 10, null);
    assertThat(before.resolution())
        .isEqualTo(new WorkloadRef("shop", "payments-7d9f-abcde", "payments", "payments", "node-a", false));
    assertThat(before.page().rows()).extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.1.5 pod shop/payments-7d9f-abcde [payments] 13:00-");

    IpListing after = queries.ips(WorkloadSelection.at(t("14:15")).withIp(IP), 10, null);
    assertThat(after.resolution()).isEqualTo(new WorkloadRef("batch", "report-0", "report", null, "node-a", false));
    assertThat(after.page().rows()).extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.1.5 pod batch/report-0 [] 14:10-");
    assertThat(after.page().rows().get(0).ownerKind()).isEqualTo("StatefulSet");

    IpListing between = queries.ips(WorkloadSelection.at(t("14:05")).withIp(IP), 10, null);
    assertThat(between.resolution()).isEqualTo(WorkloadRef.UNCLAIMED);
    assertThat(between.page().rows()).isEmpty();
  }

  @Test
  void aWindowListsEveryHolderOfAnAddressWithItsSpan() {
    assertThat(queries.ips(window("13:00", "15:00").withIp(IP), 10, null).page().rows())
        .extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.1.5 pod shop/payments-7d9f-abcde [payments] 13:00-14:00",
            "10.244.1.5 pod batch/report-0 [] 14:10-");
  }

  @Test
  void theAddressesOfAWorkloadIncludeThoseHeldSinceBeforeTheWindow() {
    assertThat(queries.ips(window("13:00", "15:00").withWorkload("payments"), 10, null).page().rows())
        .extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.1.5 pod shop/payments-7d9f-abcde [payments] 13:00-14:00",
            "10.244.2.6 pod shop/payments-7d9f-fghij [payments] 13:00-",
            "10.244.3.7 pod shop/payments-7d9f-klmno [payments] 14:20-");
    assertThat(queries.ips(window("14:30", "15:00").withWorkload("Deployment/payments"), 10, null).page().rows())
        .extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.2.6 pod shop/payments-7d9f-fghij [payments] 13:00-",
            "10.244.3.7 pod shop/payments-7d9f-klmno [payments] 14:20-");
    assertThat(queries.ips(window("14:30", "15:00").withWorkload("StatefulSet/payments"), 10, null).page().rows())
        .isEmpty();
  }

  @Test
  void aServicesAddressesAreItsClusterIpAndThePodsBehindIt() {
    assertThat(queries.ips(window("13:00", "15:00").withService("payments"), 10, null).page().rows())
        .extracting(WorkloadQueriesTest::describe)
        .containsExactly("10.244.1.5 pod shop/payments-7d9f-abcde [payments] 13:00-14:00",
            "10.244.2.6 pod shop/payments-7d9f-fghij [payments] 13:00-",
            "10.96.0.30 service shop/payments [] 13:00-",
            "10.244.3.7 pod shop/payments-7d9f-klmno [payments] 14:20-");
  }

  @Test
  void everyAddressHeldAtAnInstantPagesWithACursor() {
    IpListing first = queries.ips(WorkloadSelection.at(t("14:15")), 3, null);
    assertThat(first.resolution()).isNull();
    assertThat(first.page().matched()).isEqualTo(4);
    assertThat(first.page().truncated()).isTrue();
    IpListing second = queries.ips(WorkloadSelection.at(t("14:15")), 3, first.page().nextCursor());
    assertThat(second.page().truncated()).isFalse();
    assertThat(second.page().nextCursor()).isNull();
    List<String> all = new ArrayList<>();
    first.page().rows().forEach(h -> all.add(h.ip() + " " + h.kind() + " " + h.name()));
    second.page().rows().forEach(h -> all.add(h.ip() + " " + h.kind() + " " + h.name()));
    assertThat(all).containsExactly("10.244.2.6 pod payments-7d9f-fghij", "10.96.0.30 service payments",
        "192.168.49.2 node node-a", "10.244.1.5 pod report-0");
    assertThat(queries.ips(WorkloadSelection.at(t("14:15")).withKind("node"), 10, null).page().rows())
        .extracting(IpHolding::node).containsExactly("node-a");
  }

  @Test
  void workloadsListTheirPodsAndServicesTheirBackingPodsOverTheWindow() {
    List<WorkloadEntry> rows = queries.workloads(window("13:00", "15:00"), 10, null).rows();
    assertThat(rows).hasSize(3);
    WorkloadEntry.Workload report = (WorkloadEntry.Workload) rows.get(0);
    assertThat(report).isEqualTo(new WorkloadEntry.Workload("batch", "report", "StatefulSet",
        List.of(new WorkloadEntry.Pod("report-0", List.of(IP), "node-a", List.of(), t("14:10"), null)),
        List.of(IP), List.of("node-a")));
    WorkloadEntry.Workload payments = (WorkloadEntry.Workload) rows.get(1);
    assertThat(payments.namespace()).isEqualTo("shop");
    assertThat(payments.kind()).isEqualTo("Deployment");
    assertThat(payments.pods()).containsExactly(
        new WorkloadEntry.Pod("payments-7d9f-abcde", List.of(IP), "node-a", List.of("payments"), t("13:00"), t("14:00")),
        new WorkloadEntry.Pod("payments-7d9f-fghij", List.of("10.244.2.6"), "node-b", List.of("payments"), t("13:00"), null),
        new WorkloadEntry.Pod("payments-7d9f-klmno", List.of("10.244.3.7"), "node-b", List.of("payments"), t("14:20"), null));
    assertThat(payments.ips()).containsExactly(IP, "10.244.2.6", "10.244.3.7");
    assertThat(payments.nodes()).containsExactly("node-a", "node-b");
    WorkloadEntry.Service service = (WorkloadEntry.Service) rows.get(2);
    assertThat(service.clusterIps()).containsExactly("10.96.0.30");
    assertThat(service.since()).isEqualTo(t("13:00"));
    assertThat(service.backing()).containsExactly(
        new WorkloadEntry.Backing(IP, "payments-7d9f-abcde", "payments", t("13:00"), t("14:00")),
        new WorkloadEntry.Backing("10.244.2.6", "payments-7d9f-fghij", "payments", t("13:00"), null),
        new WorkloadEntry.Backing("10.244.3.7", "payments-7d9f-klmno", "payments", t("14:20"), null));
  }

  @Test
  void atAnInstantOnlyWhatExistedThenIsListed() {
    List<WorkloadEntry> rows = queries.workloads(WorkloadSelection.at(t("14:15")), 10, null).rows();
    assertThat(rows).hasSize(3);
    assertThat(((WorkloadEntry.Workload) rows.get(1)).pods()).extracting(WorkloadEntry.Pod::name)
        .containsExactly("payments-7d9f-fghij");
    assertThat(((WorkloadEntry.Service) rows.get(2)).backing()).extracting(WorkloadEntry.Backing::pod)
        .containsExactly("payments-7d9f-fghij");
  }

  @Test
  void filtersSelectWorkloadsAndServicesAndNarrowToAPod() {
    WorkloadSelection w = window("13:00", "15:00");
    assertThat(queries.workloads(w.withNamespace("batch"), 10, null).rows()).extracting(WorkloadEntry::namespace)
        .containsExactly("batch");
    assertThat(queries.workloads(w.withKind("service"), 10, null).rows())
        .allMatch(e -> e instanceof WorkloadEntry.Service).hasSize(1);
    assertThat(queries.workloads(w.withKind("deployment"), 10, null).rows())
        .extracting(e -> ((WorkloadEntry.Workload) e).name()).containsExactly("payments");
    // the workload and the service it backs
    assertThat(queries.workloads(w.withWorkload("report"), 10, null).rows()).hasSize(1);
    assertThat(queries.workloads(w.withWorkload("payments"), 10, null).rows()).hasSize(2);
    assertThat(queries.workloads(w.withService("payments"), 10, null).rows()).hasSize(2);
    List<WorkloadEntry> onePod = queries.workloads(w.withPod("payments-7d9f-klmno"), 10, null).rows();
    assertThat(((WorkloadEntry.Workload) onePod.get(0)).pods()).extracting(WorkloadEntry.Pod::name)
        .containsExactly("payments-7d9f-klmno");
    assertThat(((WorkloadEntry.Workload) onePod.get(0)).ips()).containsExactly("10.244.3.7");
    assertThat(((WorkloadEntry.Service) onePod.get(1)).backing()).extracting(WorkloadEntry.Backing::ip)
        .containsExactly("10.244.3.7");
  }

  @Test
  void workloadListingsPageWithACursor() {
    Paged<WorkloadEntry> first = queries.workloads(window("13:00", "15:00"), 2, null);
    assertThat(first.truncated()).isTrue();
    assertThat(first.matched()).isEqualTo(3);
    Paged<WorkloadEntry> second = queries.workloads(window("13:00", "15:00"), 2, first.nextCursor());
    assertThat(second.rows()).hasSize(1).allMatch(e -> e instanceof WorkloadEntry.Service);
    assertThatThrownBy(() -> queries.ips(window("13:00", "15:00"), 2, first.nextCursor()))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("cursor"));
  }

  @Test
  void aMalformedAddressIsAnErrorNamingTheArgument() {
    for (String bad : List.of("10.244.1", "10.244.1.256", "payments.shop", "fd00::g", "::1%eth0")) {
      assertThatThrownBy(() -> WorkloadSelection.at(t("14:00")).withIp(bad)).as(bad)
          .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("ip"));
    }
    assertThat(WorkloadSelection.at(t("14:00")).withIp(" FD00::5 ").ip()).isEqualTo("FD00::5");
  }

  @Test
  void anEmptyTableAnswersNothingRatherThanFailing(@TempDir Path other) {
    Catalog empty = CatalogFactory.open(CatalogSettings.embedded(other));
    WirelakeTables.ensureTables(empty);
    IpListing answer = new WorkloadQueries(empty).ips(WorkloadSelection.at(t("14:00")).withIp(IP), 10, null);
    assertThat(answer.resolution()).isEqualTo(WorkloadRef.UNKNOWN);
    assertThat(new WorkloadQueries(empty).workloads(window("13:00", "15:00"), 10, null).rows()).isEmpty();
  }
}
