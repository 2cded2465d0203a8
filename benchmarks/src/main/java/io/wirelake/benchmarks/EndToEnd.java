package io.wirelake.benchmarks;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.capture.PcapWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * End-to-end benchmark: the whole {@code wirelake ingest} (broker start, produce to Kafka, Flink job, Iceberg
 * commit, summary query, shutdown) against tshark over the same large capture.
 *
 * <ol>
 *   <li>Builds {@code big.pcap} by repeating a capture until it has at least {@code --min-packets} packets: each
 *       repetition is shifted in time by the capture's span + 1 s and gets its own client address (127.a.b.c,
 *       IPv4 header and TCP/UDP checksums patched incrementally, RFC 1624), so every connection stays distinct.
 *   <li>Runs {@code wirelake ingest --data FRESH --pcap big.pcap} (and then once more on the same data dir:
 *       a replay must be a no-op), timing the wall clock and polling {@code /proc/PID/status} (VmHWM, VmRSS) of
 *       the CLI JVM and its descendants (the broker JVM) every 200 ms; stdout lines are time-stamped to split
 *       the wall time into phases.
 *   <li>Runs tshark ({@code -Y http.response -T fields -e http.time}), single pass and with the captures'
 *       two-pass reassembly options, output to /dev/null, with the same timing and memory polling.
 *   <li>Prints a table of medians and appends it to {@code benchmarks/RESULTS.md}.
 * </ol>
 *
 * Every measurement waits until the 1-minute load average is below {@code --max-load} (the machine is shared).
 * Run from the repository root (benchmarks/run-e2e.sh does); {@code --help} lists the options.
 */
public final class EndToEnd {
  private static final PrintStream OUT = System.out;
  private static final double MB = 1e6;
  private static final String[] TSHARK_TWO_PASS = {
    "-2", "-o", "tcp.reassemble_out_of_order:TRUE", "-o", "tcp.desegment_tcp_streams:TRUE",
    "-o", "http.desegment_headers:TRUE", "-o", "http.desegment_body:TRUE", "-o", "http.dechunk_body:TRUE"};
  /** The launcher's JVM flags after WIRELAKE_JAVA_OPTS (see ./wirelake). */
  static final String[] LAUNCHER_FLAGS = {
    "-XX:+UseG1GC", "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED"};

  // options
  private Path root = Paths.get("").toAbsolutePath();
  private Path source;
  private long minPackets = 500_000;
  private int copies = -1;
  private Path work = Paths.get("/tmp/wirelake-bench");
  private int repeat = 3;
  private double maxLoad = 1.0;
  private long maxWaitSeconds = 45 * 60;
  private boolean viaLauncher;
  private boolean pipeline = true;
  private boolean tshark = true;
  private boolean buildOnly;
  private boolean rebuild;
  private Path results;
  private boolean writeResults = true;
  private Path jfr;
  private String javaOpts = System.getenv().getOrDefault("WIRELAKE_JAVA_OPTS", "-Xmx3g");
  private String note = "";

  public static void main(String[] args) throws Exception {
    EndToEnd e = new EndToEnd();
    if (!e.parse(args)) {
      return;
    }
    e.run();
  }

  private boolean parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--root" -> root = Paths.get(args[++i]).toAbsolutePath().normalize();
        case "--source" -> source = Paths.get(args[++i]).toAbsolutePath();
        case "--min-packets" -> minPackets = Long.parseLong(args[++i]);
        case "--copies" -> copies = Integer.parseInt(args[++i]);
        case "--work" -> work = Paths.get(args[++i]).toAbsolutePath();
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--max-load" -> maxLoad = Double.parseDouble(args[++i]);
        case "--max-wait-min" -> maxWaitSeconds = Long.parseLong(args[++i]) * 60;
        case "--launcher" -> viaLauncher = true;
        case "--no-pipeline" -> pipeline = false;
        case "--no-tshark" -> tshark = false;
        case "--build-only" -> buildOnly = true;
        case "--rebuild" -> rebuild = true;
        case "--results" -> results = Paths.get(args[++i]).toAbsolutePath();
        case "--no-results" -> writeResults = false;
        case "--jfr" -> jfr = Paths.get(args[++i]).toAbsolutePath();
        case "--note" -> note = args[++i];
        case "-h", "--help" -> {
          OUT.println("""
              usage: EndToEnd [options]   (run from the repository root, or pass --root)
                --source PCAP        capture to repeat (default: <shared>/captures/http-basic.pcap)
                --min-packets N      repeat until big.pcap has at least N packets (default 500000)
                --copies N           exactly N repetitions instead
                --work DIR           where big.pcap and the data dirs go (default /tmp/wirelake-bench)
                --rebuild            rebuild big.pcap even if it matches
                --build-only         only build big.pcap
                --repeat N           measurements per tool (default 3; the table shows medians)
                --max-load L         wait until the 1-minute load average is below L (default 1.0)
                --max-wait-min M     give up waiting after M minutes and measure anyway, flagged (default 45)
                --launcher           run ./wirelake (which rebuilds itself when sources changed) instead of
                                     the java command line it execs (the default, so no build can start)
                --no-pipeline        skip wirelake;  --no-tshark  skip tshark
                --jfr FILE           one extra, untimed ingest with a JFR recording to FILE
                --results FILE       append to FILE (default benchmarks/RESULTS.md); --no-results: don't
                --note TEXT          a line added to the results entry
              WIRELAKE_JAVA_OPTS is passed on as the launcher does (default -Xmx3g).""");
          return false;
        }
        default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
      }
    }
    if (source == null) {
      source = Captures.capture("http-basic.pcap");
    }
    if (results == null) {
      results = root.resolve("benchmarks/RESULTS.md");
    }
    return true;
  }

  private void run() throws Exception {
    Files.createDirectories(work);
    Path big = work.resolve("big.pcap");
    BigCapture cap = buildCapture(source, big);
    OUT.printf(Locale.ROOT, "%s: %,d packets, %,d bytes (%d copies of %s, %,d connections with a SYN)%n",
        big, cap.packets, cap.bytes, cap.copies, source.getFileName(), cap.synConnections);
    if (buildOnly) {
      return;
    }
    List<Run> ingest = new ArrayList<>();
    List<Run> replay = new ArrayList<>();
    List<Run> tsharkPlain = new ArrayList<>();
    List<Run> tsharkTwoPass = new ArrayList<>();
    if (jfr != null && pipeline) {
      Path data = freshDataDir("jfr");
      OUT.println("profiling run with JFR -> " + jfr + " (not timed)");
      List<String> cmd = ingestCommand(data, big, javaOpts + " -XX:StartFlightRecording=filename=" + jfr
          + ",settings=profile,dumponexit=true");
      Run r = measure("ingest (JFR)", cmd, null);
      OUT.print(r.describe());
      deleteRecursively(data);
    }
    for (int i = 1; i <= repeat; i++) {
      OUT.printf("--- repetition %d of %d%n", i, repeat);
      if (pipeline) {
        Path data = freshDataDir("data-" + i);
        ingest.add(measure("wirelake ingest (fresh data dir)", ingestCommand(data, big, javaOpts), null));
        OUT.print(last(ingest).describe());
        replay.add(measure("wirelake ingest (replay, same data dir)", ingestCommand(data, big, javaOpts), null));
        OUT.print(last(replay).describe());
        deleteRecursively(data);
      }
      if (tshark) {
        List<String> plain = new ArrayList<>(List.of("tshark", "-r", big.toString()));
        plain.addAll(List.of("-Y", "http.response", "-T", "fields", "-e", "http.time"));
        tsharkPlain.add(measure("tshark (single pass)", plain, Path.of("/dev/null")));
        OUT.print(last(tsharkPlain).describe());
        List<String> two = new ArrayList<>(List.of("tshark", "-r", big.toString()));
        two.addAll(Arrays.asList(TSHARK_TWO_PASS));
        two.addAll(List.of("-Y", "http.response", "-T", "fields", "-e", "http.time"));
        tsharkTwoPass.add(measure("tshark (two-pass, reassembly)", two, Path.of("/dev/null")));
        OUT.print(last(tsharkTwoPass).describe());
      }
    }
    String table = table(cap, ingest, replay, tsharkPlain, tsharkTwoPass);
    OUT.println();
    OUT.print(table);
    if (writeResults) {
      appendResults(cap, table, ingest);
      OUT.println("appended to " + results);
    }
  }

  private static <T> T last(List<T> l) {
    return l.get(l.size() - 1);
  }

  // ---------------------------------------------------------------------------------------------------------
  // big.pcap

  record BigCapture(int copies, long packets, long bytes, long synConnections) {}

  private BigCapture buildCapture(Path src, Path out) throws IOException {
    List<CapturedFrame> frames = Captures.frames(src);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException(src + " has no frames");
    }
    int n = copies > 0 ? copies : (int) Math.max(1, (minPackets + frames.size() - 1) / frames.size());
    Path meta = out.resolveSibling(out.getFileName() + ".meta");
    String signature = src.toRealPath() + " size=" + Files.size(src) + " mtime=" + Files.getLastModifiedTime(src)
        + " copies=" + n + " v=2";
    long syns = frames.stream().filter(f -> isSynOnly(f)).count() * n;
    if (!rebuild && Files.exists(out) && Files.exists(meta)
        && Files.readString(meta).trim().equals(signature)) {
      OUT.println("reusing " + out + " (" + signature + ")");
      return new BigCapture(n, (long) frames.size() * n, Files.size(out), syns);
    }
    long first = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    Set<String> servers = new HashSet<>();
    for (CapturedFrame f : frames) {
      first = Math.min(first, f.tsMicros());
      lastTs = Math.max(lastTs, f.tsMicros());
      Ip4 p = Ip4.of(f);
      if (p != null && p.tcp && p.synOnly()) {
        servers.add(p.dstKey());
      }
    }
    long shiftStep = lastTs - first + 1_000_000L;
    OUT.printf(Locale.ROOT, "building %s: %d copies of %s (%d frames, span %.3f s, servers %s) ...%n",
        out, n, src.getFileName(), frames.size(), (lastTs - first) / 1e6, servers);
    long started = System.nanoTime();
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    long packets = 0;
    try (PcapWriter w = PcapWriter.create(tmp, frames.get(0).linkType())) {
      for (int k = 0; k < n; k++) {
        byte[] client = clientAddress(k);
        long shift = k * shiftStep;
        for (CapturedFrame f : frames) {
          byte[] data = f.data().clone();
          Ip4 p = Ip4.of(new CapturedFrame(f.tsMicros(), f.linkType(), f.iface(), data, f.origLen()));
          if (p != null) {
            // the endpoint that is not a server (the SYN receiver) is the client
            int addr = servers.contains(p.srcKey()) ? p.ip + 16 : p.ip + 12;
            p.replaceAddress(addr, client);
          }
          w.write(new CapturedFrame(f.tsMicros() + shift, f.linkType(), f.iface(), data, f.origLen()));
          packets++;
        }
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(meta, signature + "\n");
    OUT.printf(Locale.ROOT, "wrote %,d packets in %.1f s%n", packets, (System.nanoTime() - started) / 1e9);
    return new BigCapture(n, packets, Files.size(out), syns);
  }

  private static boolean isSynOnly(CapturedFrame f) {
    Ip4 p = Ip4.of(f);
    return p != null && p.tcp && p.synOnly();
  }

  /** Client address of repetition k: 127.a.b.c with a >= 1, distinct for every k. */
  static byte[] clientAddress(int k) {
    int c = k % 250 + 1;
    int b = (k / 250) % 256;
    int a = 1 + k / (250 * 256);
    if (a > 255) {
      throw new IllegalArgumentException("too many copies");
    }
    return new byte[] {127, (byte) a, (byte) b, (byte) c};
  }

  /** An Ethernet (optionally VLAN-tagged) IPv4 TCP/UDP frame, unfragmented; patches in place. */
  static final class Ip4 {
    final byte[] f;
    final int ip;
    final int l4;
    final boolean tcp;

    private Ip4(byte[] f, int ip, int l4, boolean tcp) {
      this.f = f;
      this.ip = ip;
      this.l4 = l4;
      this.tcp = tcp;
    }

    static Ip4 of(CapturedFrame frame) {
      if (frame.linkType() != PcapWriter.ETHERNET) {
        return null;
      }
      byte[] f = frame.data();
      int p = 12;
      if (f.length < 14) {
        return null;
      }
      int type = u16(f, p);
      while (type == 0x8100 || type == 0x88a8) {
        p += 4;
        if (p + 2 > f.length) {
          return null;
        }
        type = u16(f, p);
      }
      int ip = p + 2;
      if (type != 0x0800 || ip + 20 > f.length || (f[ip] & 0xf0) != 0x40) {
        return null;
      }
      int proto = f[ip + 9] & 0xff;
      if ((u16(f, ip + 6) & 0x3fff) != 0 || (proto != 6 && proto != 17)) {
        return null;
      }
      int l4 = ip + (f[ip] & 0x0f) * 4;
      if (l4 + (proto == 6 ? 20 : 8) > f.length) {
        return null;
      }
      return new Ip4(f, ip, l4, proto == 6);
    }

    boolean synOnly() {
      int flags = f[l4 + 13] & 0xff;
      return (flags & 0x02) != 0 && (flags & 0x10) == 0;
    }

    String srcKey() {
      return key(ip + 12, l4);
    }

    String dstKey() {
      return key(ip + 16, l4 + 2);
    }

    private String key(int addr, int port) {
      return (f[addr] & 0xff) + "." + (f[addr + 1] & 0xff) + "." + (f[addr + 2] & 0xff) + "." + (f[addr + 3] & 0xff)
          + ":" + u16(f, port);
    }

    /** Writes a new IPv4 address at {@code addr}, updating the IP and the L4 checksum incrementally. */
    void replaceAddress(int addr, byte[] next) {
      for (int w = 0; w < 4; w += 2) {
        int old = u16(f, addr + w);
        int neu = (next[w] & 0xff) << 8 | (next[w + 1] & 0xff);
        adjust(ip + 10, old, neu);
        int sum = tcp ? l4 + 16 : l4 + 6;
        // the L4 checksum covers the pseudo-header; UDP 0 means "no checksum"
        if (sum + 2 <= f.length && (tcp || u16(f, sum) != 0)) {
          adjust(sum, old, neu);
          if (!tcp && u16(f, sum) == 0) {
            put16(f, sum, 0xffff);
          }
        }
        put16(f, addr + w, neu);
      }
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
    private void adjust(int at, int old, int neu) {
      int sum = (~u16(f, at) & 0xffff) + (~old & 0xffff) + neu;
      sum = (sum & 0xffff) + (sum >>> 16);
      sum = (sum & 0xffff) + (sum >>> 16);
      put16(f, at, ~sum & 0xffff);
    }

    private static int u16(byte[] f, int p) {
      return (f[p] & 0xff) << 8 | (f[p + 1] & 0xff);
    }

    private static void put16(byte[] f, int p, int v) {
      f[p] = (byte) (v >>> 8);
      f[p + 1] = (byte) v;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // running and measuring

  private Path freshDataDir(String name) throws IOException {
    Path d = work.resolve(name);
    deleteRecursively(d);
    return d;
  }

  private List<String> ingestCommand(Path data, Path pcap, String opts) {
    List<String> cmd = new ArrayList<>();
    if (viaLauncher) {
      cmd.add(root.resolve("wirelake").toString());
    } else {
      Path jar = root.resolve("cli/target/wirelake-cli.jar");
      if (!Files.exists(jar)) {
        throw new IllegalStateException(jar + " is missing: build the project (mvn -o -q install -DskipTests)");
      }
      String home = System.getenv("JAVA_HOME");
      cmd.add(home != null ? Paths.get(home, "bin", "java").toString() : "java");
      cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
      cmd.addAll(Arrays.asList(LAUNCHER_FLAGS));
      cmd.add("-cp");
      cmd.add(jar + ":" + root.resolve("cli/target/lib") + "/*");
      cmd.add("io.wirelake.cli.Main");
    }
    cmd.addAll(List.of("ingest", "--data", data.toString(), "--pcap", pcap.toString()));
    if (viaLauncher) {
      cmd.add(0, "env");
      cmd.add(1, "WIRELAKE_JAVA_OPTS=" + opts);
    }
    return cmd;
  }

  /** One timed run of a child process. */
  static final class Run {
    String label;
    List<String> command;
    int exit;
    double wallSeconds;
    double loadAtStart;
    /** Highest 1-minute load average seen while it ran (includes the run's own load). */
    double loadMax;
    boolean loadTooHigh;
    long rootHwmKb;
    long childHwmKb;
    long treeRssPeakKb;
    double userSeconds;
    double systemSeconds;
    /** stdout lines with their time since start. */
    List<Map.Entry<Double, String>> lines = new ArrayList<>();
    /** Modification time of the cli jar and the module jars it runs (which build was measured). */
    String build = "";

    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "%s: exit %d, wall %.2f s, cpu %.1f s user + %.1f s sys, peak RSS main %s, child %s, tree %s, load %.2f%s"
              + " (max %.2f during the run)%n",
          label, exit, wallSeconds, userSeconds, systemSeconds, mb(rootHwmKb), mb(childHwmKb), mb(treeRssPeakKb),
          loadAtStart, loadTooHigh ? " (ABOVE LIMIT)" : "", loadMax));
      for (Map.Entry<Double, String> l : lines) {
        sb.append(String.format(Locale.ROOT, "    %7.2f s  %s%n", l.getKey(), l.getValue()));
      }
      return sb.toString();
    }

    /** Time at which the first stdout line matching {@code regex} appeared, or NaN. */
    double at(String regex) {
      Pattern p = Pattern.compile(regex);
      return lines.stream().filter(l -> p.matcher(l.getValue()).find()).mapToDouble(Map.Entry::getKey)
          .findFirst().orElse(Double.NaN);
    }

    double committedSeconds() {
      // "committed 537 segments to the tables in 8.5 s" (older builds: "... event-log offsets ...")
      Pattern p = Pattern.compile("committed ([\\d,]+) [^\\d]*? to the tables in ([0-9.]+) s");
      for (Map.Entry<Double, String> l : lines) {
        Matcher m = p.matcher(l.getValue());
        if (m.find()) {
          return Double.parseDouble(m.group(2));
        }
      }
      return Double.NaN;
    }
  }

  private static String mb(long kb) {
    return kb <= 0 ? "-" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  private Run measure(String label, List<String> cmd, Path stdoutTo) throws Exception {
    Run r = new Run();
    r.label = label;
    r.command = cmd;
    waitForQuietMachine(r);
    Path jar = root.resolve("cli/target/wirelake-cli.jar");
    long jarBefore = Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : 0;
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    Path err = work.resolve("last-stderr.log");
    pb.redirectError(err.toFile());
    if (stdoutTo != null) {
      pb.redirectOutput(stdoutTo.toFile());
    }
    long t0 = System.nanoTime();
    Process p = pb.start();
    Map<Long, long[]> peaks = new HashMap<>(); // pid -> {hwm, isJava}
    long[] treeRss = {0};
    Thread poller = new Thread(() -> {
      while (p.isAlive()) {
        long tree = 0;
        List<ProcessHandle> procs = new ArrayList<>();
        procs.add(p.toHandle());
        try {
          p.toHandle().descendants().forEach(procs::add);
        } catch (RuntimeException ignored) {
          // raced with an exit
        }
        for (ProcessHandle h : procs) {
          long[] s = status(h.pid());
          if (s == null) {
            continue;
          }
          tree += s[1];
          synchronized (peaks) {
            peaks.merge(h.pid(), new long[] {s[0]}, (a, b) -> new long[] {Math.max(a[0], b[0])});
          }
        }
        treeRss[0] = Math.max(treeRss[0], tree);
        double load = loadAverage();
        synchronized (peaks) {
          r.loadMax = Math.max(r.loadMax, load);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "proc-poller");
    poller.setDaemon(true);
    poller.start();
    if (stdoutTo == null) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          r.lines.add(Map.entry((System.nanoTime() - t0) / 1e9, line));
        }
      }
    }
    r.exit = p.waitFor();
    r.wallSeconds = (System.nanoTime() - t0) / 1e9;
    poller.interrupt();
    poller.join();
    ProcessHandle.Info info = p.info();
    long rootPid = p.pid();
    synchronized (peaks) {
      r.rootHwmKb = peaks.getOrDefault(rootPid, new long[] {0})[0];
      r.childHwmKb = peaks.entrySet().stream().filter(e -> e.getKey() != rootPid).mapToLong(e -> e.getValue()[0])
          .max().orElse(0);
    }
    r.treeRssPeakKb = treeRss[0];
    long[] cpu = childCpu();
    r.userSeconds = cpu[0] / 100.0;
    r.systemSeconds = cpu[1] / 100.0;
    if (r.exit != 0) {
      OUT.println(label + " failed (exit " + r.exit + "); stderr tail:");
      List<String> e = Files.readAllLines(err);
      e.subList(Math.max(0, e.size() - 30), e.size()).forEach(l -> OUT.println("  " + l));
    }
    long jarAfter = Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : 0;
    if (jarAfter != jarBefore) {
      OUT.println("WARNING: cli/target/wirelake-cli.jar changed during the run (someone rebuilt it)");
    }
    r.build = buildStamp();
    return r;
  }

  /** Newest modification time among the cli jar and cli/target/lib/wirelake-*.jar: identifies the build. */
  private String buildStamp() {
    try (Stream<Path> s = Files.list(root.resolve("cli/target/lib"))) {
      long newest = Stream.concat(s.filter(p -> p.getFileName().toString().startsWith("wirelake-")),
              Stream.of(root.resolve("cli/target/wirelake-cli.jar")))
          .filter(Files::exists).mapToLong(p -> {
            try {
              return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
              return 0;
            }
          }).max().orElse(0);
      return java.time.Instant.ofEpochMilli(newest).toString().substring(0, 19) + "Z";
    } catch (IOException e) {
      return "?";
    }
  }

  private long lastChildTicksUser;
  private long lastChildTicksSys;

  /** CPU ticks (USER_HZ) the harness's reaped children used since the previous call: cutime, cstime. */
  private long[] childCpu() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the name start at 3 (state); cutime is field 16, cstime 17 (1-based)
      long cu = Long.parseLong(f[16 - 3]);
      long cs = Long.parseLong(f[17 - 3]);
      long[] d = {cu - lastChildTicksUser, cs - lastChildTicksSys};
      lastChildTicksUser = cu;
      lastChildTicksSys = cs;
      return d;
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** {VmHWM, VmRSS} in kB, or null if the process is gone. */
  private static long[] status(long pid) {
    try {
      long hwm = 0;
      long rss = 0;
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmHWM:")) {
          hwm = kb(l);
        } else if (l.startsWith("VmRSS:")) {
          rss = kb(l);
        }
      }
      return new long[] {hwm, rss};
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private void waitForQuietMachine(Run r) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    double load = loadAverage();
    boolean told = false;
    while (!(load < maxLoad) && System.nanoTime() < deadline) {
      if (!told) {
        OUT.printf(Locale.ROOT, "load %.2f >= %.2f: waiting before \"%s\" ...%n", load, maxLoad, r.label);
        told = true;
      }
      Thread.sleep(15_000);
      load = loadAverage();
    }
    r.loadAtStart = load;
    r.loadTooHigh = !(load < maxLoad);
    if (r.loadTooHigh) {
      OUT.printf(Locale.ROOT, "load still %.2f after %d min: measuring anyway (flagged)%n", load,
          maxWaitSeconds / 60);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // reporting

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private String table(BigCapture cap, List<Run> ingest, List<Run> replay, List<Run> plain, List<Run> two) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Input: `%s`, %,d packets, %,d bytes (%.1f MB), %d copies of %s.%n%n",
        work.resolve("big.pcap"), cap.packets, cap.bytes, cap.bytes / MB, cap.copies, source.getFileName()));
    sb.append("| run | wall s (median) | packets/s | MB/s | peak RSS CLI/tshark | peak RSS broker | CPU s (user+sys) | runs: wall s (1-min load at start, max during run) | exit |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    Map<String, List<Run>> rows = new LinkedHashMap<>();
    rows.put("wirelake ingest (fresh)", ingest);
    rows.put("wirelake ingest (replay, no-op)", replay);
    rows.put("tshark single pass", plain);
    rows.put("tshark two-pass + reassembly", two);
    for (Map.Entry<String, List<Run>> e : rows.entrySet()) {
      List<Run> runs = e.getValue();
      if (runs.isEmpty()) {
        continue;
      }
      double wall = median(runs, r -> r.wallSeconds);
      boolean noop = e.getKey().contains("replay");
      sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s | %.1f | %s | %s |%n",
          e.getKey(), wall,
          noop ? "(n/a)" : String.format(Locale.ROOT, "%,.0f", cap.packets / wall),
          noop ? "(n/a)" : String.format(Locale.ROOT, "%.1f", cap.bytes / MB / wall),
          mb((long) median(runs, r -> r.rootHwmKb)),
          mb((long) median(runs, r -> r.childHwmKb)),
          median(runs, r -> r.userSeconds + r.systemSeconds),
          runs.stream().map(r -> String.format(Locale.ROOT, "%.1f (load %.2f%s, max %.1f)", r.wallSeconds,
              r.loadAtStart, r.loadTooHigh ? " ABOVE LIMIT" : "", r.loadMax)).collect(Collectors.joining(", ")),
          runs.stream().map(r -> String.valueOf(r.exit)).distinct().collect(Collectors.joining(","))));
    }
    if (!ingest.isEmpty()) {
      Set<String> builds = new java.util.TreeSet<>();
      ingest.forEach(r -> builds.add(r.build));
      replay.forEach(r -> builds.add(r.build));
      sb.append(String.format(Locale.ROOT, "%nwirelake build(s) measured (newest cli/module jar): %s%s%n",
          String.join(", ", builds), builds.size() > 1 ? " -- WARNING: the jars were rebuilt between runs" : ""));
      double wall = median(ingest, r -> r.wallSeconds);
      sb.append("\nPhases of the fresh ingest (medians; from the time each stdout line appeared):\n\n");
      double broker = median(ingest, r -> r.at("starting the embedded Kafka broker"));
      double produced = median(ingest, r -> r.at("segments produced"));
      double committedLine = median(ingest, r -> r.at("committed [\\d,]+ .* to the tables in"));
      double commit = median(ingest, EndToEnd.Run::committedSeconds);
      double summaryEnd = median(ingest, r -> r.lines.isEmpty() ? Double.NaN : last(r.lines).getKey());
      sb.append(String.format(Locale.ROOT, "- JVM start to broker start message: %.1f s%n", broker));
      sb.append(String.format(Locale.ROOT,
          "- broker start + topics + read/decode/encode/produce to Kafka (until \"segments produced\"): %.1f s%n",
          produced - broker));
      sb.append(String.format(Locale.ROOT,
          "- Flink job incl. MiniCluster start and Iceberg commits (CLI's \"committed ... in X s\"): %.1f s "
              + "(line printed at %.1f s)%n", commit, committedLine));
      sb.append(String.format(Locale.ROOT, "- summary query: %.1f s; shutdown after the last line: %.1f s%n",
          summaryEnd - committedLine, wall - summaryEnd));
      if (!plain.isEmpty()) {
        double pipelineRate = cap.packets / wall;
        sb.append(String.format(Locale.ROOT,
            "%nRatio wirelake packets/s / tshark packets/s: %.2fx vs single pass, %.2fx vs two-pass "
                + "(target: >= 2x).%n",
            pipelineRate / (cap.packets / median(plain, r -> r.wallSeconds)),
            two.isEmpty() ? Double.NaN : pipelineRate / (cap.packets / median(two, r -> r.wallSeconds))));
      }
      if (!replay.isEmpty()) {
        Run r = last(replay);
        String lines = r.lines.stream().map(Map.Entry::getValue)
            .filter(l -> l.contains("already") || l.contains("committed") || l.contains("tables already"))
            .collect(Collectors.joining("; "));
        sb.append(String.format(Locale.ROOT, "%nReplay on the same data dir printed: %s%n", lines));
      }
    }
    return sb.toString();
  }

  private void appendResults(BigCapture cap, String table, List<Run> ingest) throws Exception {
    StringBuilder sb = new StringBuilder();
    if (!Files.exists(results)) {
      sb.append("# wirelake benchmark results\n\n")
          .append("Appended by `benchmarks/run-e2e.sh` (see benchmarks/README.md for the method); ")
          .append("JMH figures are added by hand from `benchmarks/run-jmh.sh`.\n");
    }
    sb.append("\n## End to end, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append("\n\n");
    sb.append(machine());
    sb.append(String.format(Locale.ROOT,
        "- runs: %d per tool, medians shown; each started when the 1-minute load average was below %.1f "
            + "(the load at each start is in the runs column)%n",
        repeat, maxLoad));
    sb.append("- wirelake: ").append(viaLauncher ? "`./wirelake ingest`" : "the java command line `./wirelake` execs "
        + "(the launcher's rebuild check bypassed)").append(", WIRELAKE_JAVA_OPTS=`").append(javaOpts).append("`\n");
    if (!note.isEmpty()) {
      sb.append("- note: ").append(note).append('\n');
    }
    sb.append('\n').append(table);
    Files.writeString(results, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private String machine() {
    StringBuilder sb = new StringBuilder();
    sb.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc: ")
        .append(sh("nproc")).append("), ").append(sh("lscpu | grep 'Model name' | sed 's/.*: *//'")).append(", RAM ")
        .append(sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")).append('\n');
    sb.append("- java: ").append(sh("java -version 2>&1 | head -2 | tr '\\n' ' '")).append('\n');
    sb.append("- tshark: ").append(sh("tshark --version 2>/dev/null | head -1")).append('\n');
    sb.append("- cli jar: ").append(sh("stat -c '%y' " + root.resolve("cli/target/wirelake-cli.jar"))).append('\n');
    return sb.toString();
  }

  private String sh(String command) {
    try {
      Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return s;
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }
}
