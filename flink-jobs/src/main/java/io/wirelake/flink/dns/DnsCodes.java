package io.wirelake.flink.dns;

/** Mnemonics of DNS record types, classes, opcodes and response codes (IANA registry); unknown ones by number. */
final class DnsCodes {
  static final int TYPE_A = 1;
  static final int TYPE_NS = 2;
  static final int TYPE_CNAME = 5;
  static final int TYPE_SOA = 6;
  static final int TYPE_PTR = 12;
  static final int TYPE_MX = 15;
  static final int TYPE_TXT = 16;
  static final int TYPE_AAAA = 28;
  static final int TYPE_SRV = 33;
  static final int TYPE_DNAME = 39;
  static final int TYPE_OPT = 41;

  private static final String[] TYPES = new String[260];
  private static final String[] RCODES = {
      "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
      "NOTAUTH", "NOTZONE", "DSOTYPENI", null, null, null, null, "BADVERS", "BADKEY", "BADTIME", "BADMODE",
      "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};

  static {
    String[][] t = {
        {"1", "A"}, {"2", "NS"}, {"5", "CNAME"}, {"6", "SOA"}, {"12", "PTR"}, {"13", "HINFO"}, {"15", "MX"},
        {"16", "TXT"}, {"17", "RP"}, {"18", "AFSDB"}, {"24", "SIG"}, {"25", "KEY"}, {"28", "AAAA"}, {"29", "LOC"},
        {"33", "SRV"}, {"35", "NAPTR"}, {"36", "KX"}, {"37", "CERT"}, {"39", "DNAME"}, {"41", "OPT"}, {"42", "APL"},
        {"43", "DS"}, {"44", "SSHFP"}, {"45", "IPSECKEY"}, {"46", "RRSIG"}, {"47", "NSEC"}, {"48", "DNSKEY"},
        {"49", "DHCID"}, {"50", "NSEC3"}, {"51", "NSEC3PARAM"}, {"52", "TLSA"}, {"53", "SMIMEA"}, {"55", "HIP"},
        {"59", "CDS"}, {"60", "CDNSKEY"}, {"61", "OPENPGPKEY"}, {"62", "CSYNC"}, {"63", "ZONEMD"}, {"64", "SVCB"},
        {"65", "HTTPS"}, {"99", "SPF"}, {"249", "TKEY"}, {"250", "TSIG"}, {"251", "IXFR"}, {"252", "AXFR"},
        {"253", "MAILB"}, {"254", "MAILA"}, {"255", "ANY"}, {"256", "URI"}, {"257", "CAA"}};
    for (String[] e : t) {
      TYPES[Integer.parseInt(e[0])] = e[1];
    }
  }

  private DnsCodes() {}

  /** {@code A}, {@code AAAA}, ...; {@code TYPE<n>} (RFC 3597) for types without a mnemonic. */
  static String typeName(int type) {
    String n = type >= 0 && type < TYPES.length ? TYPES[type] : null;
    return n != null ? n : "TYPE" + type;
  }

  /** {@code NOERROR}, {@code NXDOMAIN}, ...; {@code RCODE<n>} for unassigned codes. */
  static String rcodeName(int rcode) {
    String n = rcode >= 0 && rcode < RCODES.length ? RCODES[rcode] : null;
    return n != null ? n : "RCODE" + rcode;
  }

  /** {@code IN}, {@code CH}, {@code HS}, {@code NONE}, {@code ANY}, else {@code CLASS<n>}; the mDNS bit is ignored. */
  static String className(int qclass) {
    switch (qclass & 0x7fff) {
      case 1:
        return "IN";
      case 3:
        return "CH";
      case 4:
        return "HS";
      case 254:
        return "NONE";
      case 255:
        return "ANY";
      default:
        return "CLASS" + (qclass & 0x7fff);
    }
  }

  static boolean isKnownClass(int qclass) {
    int c = qclass & 0x7fff;
    return c == 1 || c == 3 || c == 4 || c == 254 || c == 255;
  }

  static String opcodeName(int opcode) {
    switch (opcode) {
      case 0:
        return "QUERY";
      case 1:
        return "IQUERY";
      case 2:
        return "STATUS";
      case 4:
        return "NOTIFY";
      case 5:
        return "UPDATE";
      case 6:
        return "DSO";
      default:
        return "OPCODE" + opcode;
    }
  }
}
