package io.wirelake.flink.job;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns column values by name into Flink {@link RowData} laid out as an Iceberg table's schema, so the jobs
 * name columns rather than positions and a column added to the table needs no change here. Values: times as
 * {@code Long} microseconds, strings, boxed numbers, booleans, {@code byte[]}, {@code Map<String,String>}, {@code List<String>};
 * absent names are null.
 */
final class RowMapper implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] names;
  private final Type.TypeID[] types;
  private final Type.TypeID[] elementTypes;

  RowMapper(Schema schema) {
    List<Types.NestedField> fields = schema.columns();
    names = new String[fields.size()];
    types = new Type.TypeID[fields.size()];
    elementTypes = new Type.TypeID[fields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = fields.get(i).name();
      types[i] = fields.get(i).type().typeId();
      if (fields.get(i).type().isListType()) {
        elementTypes[i] = fields.get(i).type().asListType().elementType().typeId();
      }
    }
  }

  RowData toRow(Map<String, ?> values) {
    GenericRowData row = new GenericRowData(names.length);
    for (int i = 0; i < names.length; i++) {
      Object v = values.get(names[i]);
      row.setField(i, v == null ? null : types[i] == Type.TypeID.LIST ? list(elementTypes[i], (List<?>) v)
          : convert(types[i], v));
    }
    return row;
  }

  private static GenericArrayData list(Type.TypeID elementType, List<?> values) {
    Object[] elements = new Object[values.size()];
    for (int i = 0; i < elements.length; i++) {
      Object v = values.get(i);
      elements[i] = v == null ? null : convert(elementType, v);
    }
    return new GenericArrayData(elements);
  }

  private static Object convert(Type.TypeID type, Object v) {
    switch (type) {
      case STRING:
        return StringData.fromString(v.toString());
      case TIMESTAMP:
        long micros = (Long) v;
        return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000), (int) Math.floorMod(micros, 1000) * 1000);
      case MAP:
        Map<StringData, StringData> m = new HashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          m.put(StringData.fromString(String.valueOf(e.getKey())),
              e.getValue() == null ? null : StringData.fromString(String.valueOf(e.getValue())));
        }
        return new GenericMapData(m);
      case LONG:
        return ((Number) v).longValue();
      case INTEGER:
        return ((Number) v).intValue();
      default:
        return v;
    }
  }
}
