package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The capture control tools over a {@link CaptureControl}: status, start and stop. */
final class CaptureControlTools {
  private CaptureControlTools() {}

  static List<WirelakeTool> over(CaptureControl control) {
    return List.of(new Status(control), new Switch(control, true), new Switch(control, false));
  }

  static Map<String, Object> json(CaptureControl.NodeStatus s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("node", s.node());
    row.put("capturing", s.capturing());
    row.put("packets", s.packets());
    row.put("kernel_drops", s.kernelDrops());
    row.put("interface_drops", s.interfaceDrops());
    row.put("queue_drops", s.queueDrops());
    row.put("produce_errors", s.produceErrors());
    row.put("lag", s.lag());
    row.put("detail", s.detail());
    return row;
  }

  private static List<Map<String, Object>> rows(CaptureControl control) {
    return control.status().stream().map(CaptureControlTools::json).toList();
  }

  /** {@code check_capture_status}. */
  static final class Status implements WirelakeTool {
    private final CaptureControl control;

    Status(CaptureControl control) {
      this.control = control;
    }

    @Override
    public String name() {
      return "check_capture_status";
    }

    @Override
    public String description() {
      return "Live capture per node: whether it captures, frames captured, drops (kernel, interface, and the"
          + " bounded buffer in front of Kafka, oldest first), produce errors and lag (frames captured but not yet"
          + " in Kafka). Counts are totals since each sniffer started.";
    }

    @Override
    public InputSchema schema() {
      return new InputSchema();
    }

    @Override
    public ToolOutput call(Arguments args) {
      List<Map<String, Object>> rows = rows(control);
      long capturing = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("capturing"))).count();
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("scope", control.scope());
      content.put("rows", rows);
      return new ToolOutput(capturing + " of " + rows.size() + " nodes capturing (" + control.scope() + ")",
          content);
    }
  }

  /** {@code start_capture} and {@code stop_capture}. */
  static final class Switch implements WirelakeTool {
    private final CaptureControl control;
    private final boolean start;

    Switch(CaptureControl control, boolean start) {
      this.control = control;
      this.start = start;
    }

    @Override
    public String name() {
      return start ? "start_capture" : "stop_capture";
    }

    @Override
    public String description() {
      return start
          ? "Start live capture on one node, or on every node when node is omitted. Returns the status after."
          : "Stop live capture on one node, or on every node when node is omitted, without removing the sniffer;"
              + " start_capture resumes it. Traffic while stopped is not recorded. Returns the status after.";
    }

    @Override
    public InputSchema schema() {
      return new InputSchema().string("node", "The node name (as check_capture_status lists it); omit for all.");
    }

    @Override
    public boolean readOnly() {
      return false;
    }

    @Override
    public ToolOutput call(Arguments args) {
      String node = args.string("node");
      CaptureControl.Outcome outcome;
      try {
        outcome = start ? control.start(node) : control.stop(node);
      } catch (CaptureControl.UnknownNodeException e) {
        throw new InvalidArgumentException("node", e.getMessage());
      }
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("scope", control.scope());
      content.put("changed", outcome.changed());
      content.put("rows", rows(control));
      return new ToolOutput(outcome.message(), content);
    }
  }
}
