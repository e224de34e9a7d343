package io.ltvstream.nifi.record;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.SchemaIdentifier;

/**
 * Converts the project's flat Avro records (strings, numbers, booleans, enums, timestamp-millis,
 * string maps, nullable unions) to NiFi records and back. The NiFi schema carries the Avro schema
 * text, so NiFi's AvroRecordSetWriter (with "Inherit Record Schema") writes exactly the project's
 * schema; reading back accepts what any NiFi reader produces (timestamps as Timestamp, numbers or
 * text; enums as text; maps as maps or records).
 */
public final class AvroRecords<T extends SpecificRecord> {
  private final Class<T> type;
  private final Schema avroSchema;
  private final RecordSchema recordSchema;

  public AvroRecords(Class<T> type) {
    this.type = type;
    this.avroSchema = SpecificData.get().getSchema(type);
    this.recordSchema = toRecordSchema(avroSchema);
  }

  public RecordSchema recordSchema() {
    return recordSchema;
  }

  public Schema avroSchema() {
    return avroSchema;
  }

  /** The NiFi schema of an Avro record schema, with the Avro text attached. */
  public static RecordSchema toRecordSchema(Schema schema) {
    List<RecordField> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema fieldSchema = field.schema();
      boolean nullable = false;
      if (fieldSchema.getType() == Schema.Type.UNION) {
        nullable = true;
        fieldSchema = nonNull(fieldSchema);
      }
      fields.add(new RecordField(field.name(), dataType(fieldSchema), nullable));
    }
    SimpleRecordSchema withText = new SimpleRecordSchema(fields, schema.toString(), "avro",
        SchemaIdentifier.builder().name(schema.getFullName()).build());
    withText.setSchemaName(schema.getName());
    withText.setSchemaNamespace(schema.getNamespace());
    return withText;
  }

  private static DataType dataType(Schema schema) {
    return switch (schema.getType()) {
      case STRING -> RecordFieldType.STRING.getDataType();
      case INT -> schema.getLogicalType() instanceof LogicalTypes.Date
          ? RecordFieldType.DATE.getDataType() : RecordFieldType.INT.getDataType();
      case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
          ? RecordFieldType.TIMESTAMP.getDataType() : RecordFieldType.LONG.getDataType();
      case DOUBLE -> RecordFieldType.DOUBLE.getDataType();
      case FLOAT -> RecordFieldType.FLOAT.getDataType();
      case BOOLEAN -> RecordFieldType.BOOLEAN.getDataType();
      case ENUM -> RecordFieldType.ENUM.getEnumDataType(schema.getEnumSymbols());
      case MAP -> RecordFieldType.MAP.getMapDataType(dataType(schema.getValueType()));
      default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType()
          + " in the project's flat records");
    };
  }

  private static Schema nonNull(Schema union) {
    for (Schema branch : union.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    throw new IllegalArgumentException("union of nulls only: " + union);
  }

  /** The NiFi record of an Avro record. */
  public Record toRecord(T value) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Schema.Field field : avroSchema.getFields()) {
      values.put(field.name(), toNifi(value.get(field.pos())));
    }
    return new MapRecord(recordSchema, values);
  }

  private static Object toNifi(Object value) {
    if (value instanceof Instant instant) {
      return new Timestamp(instant.toEpochMilli());
    }
    if (value instanceof java.time.LocalDate date) {
      return java.sql.Date.valueOf(date);
    }
    if (value instanceof Enum<?> symbol) {
      return symbol.name();
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new HashMap<>();
      map.forEach((k, v) -> copy.put(k.toString(), v == null ? null : v.toString()));
      return copy;
    }
    return value;
  }

  /**
   * The Avro record of a NiFi record; absent fields take their Avro default.
   *
   * @throws IllegalArgumentException naming the field when a required field is missing or a value
   *     does not convert
   */
  public T fromRecord(Record record) {
    @SuppressWarnings("unchecked")
    T result = (T) SpecificData.newInstance(type, avroSchema);
    for (Schema.Field field : avroSchema.getFields()) {
      Object raw = record.getValue(field.name());
      Schema fieldSchema = field.schema();
      boolean nullable = fieldSchema.getType() == Schema.Type.UNION;
      if (nullable) {
        fieldSchema = nonNull(fieldSchema);
      }
      Object value;
      if (raw == null) {
        if (nullable) {
          value = null;
        } else if (field.hasDefaultValue()) {
          value = SpecificData.get().deepCopy(field.schema(), SpecificData.get().getDefaultValue(field));
        } else {
          throw new IllegalArgumentException("field '" + field.name() + "' is required and missing");
        }
      } else {
        try {
          value = fromNifi(raw, fieldSchema);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("field '" + field.name() + "' value '" + raw
              + "' does not convert to " + fieldSchema.getType().getName() + ": " + e.getMessage(), e);
        }
      }
      result.put(field.pos(), value);
    }
    return result;
  }

  private static Object fromNifi(Object raw, Schema schema) {
    return switch (schema.getType()) {
      case STRING -> raw.toString();
      case INT -> schema.getLogicalType() instanceof LogicalTypes.Date ? localDate(raw)
          : raw instanceof Number n ? Integer.valueOf(Math.toIntExact(n.longValue()))
          : Integer.valueOf(raw.toString().trim());
      case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
          ? instant(raw) : raw instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(raw.toString().trim());
      case DOUBLE -> raw instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(raw.toString().trim());
      case FLOAT -> raw instanceof Number n ? Float.valueOf(n.floatValue()) : Float.valueOf(raw.toString().trim());
      case BOOLEAN -> raw instanceof Boolean b ? b : Boolean.valueOf(raw.toString().trim());
      case ENUM -> SpecificData.get().createEnum(raw.toString().trim(), schema);
      case MAP -> stringMap(raw);
      default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
    };
  }

  private static Map<String, String> stringMap(Object raw) {
    Map<String, ?> source;
    if (raw instanceof Map<?, ?> map) {
      Map<String, Object> copy = new HashMap<>();
      map.forEach((k, v) -> copy.put(k.toString(), v));
      source = copy;
    } else if (raw instanceof Record nested) {
      source = nested.toMap();
    } else {
      throw new IllegalArgumentException("not a map");
    }
    Map<String, String> strings = new HashMap<>();
    source.forEach((k, v) -> {
      if (v != null) {
        strings.put(k, v.toString());
      }
    });
    return strings;
  }

  /** Dates as NiFi readers hand them over: java.sql.Date (local midnight), LocalDate, days since the epoch, or ISO text. */
  private static java.time.LocalDate localDate(Object raw) {
    if (raw instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (raw instanceof java.time.LocalDate date) {
      return date;
    }
    if (raw instanceof Number days) {
      return java.time.LocalDate.ofEpochDay(days.longValue());
    }
    return java.time.LocalDate.parse(raw.toString().trim());
  }

  /** Timestamps as NiFi readers hand them over: Date/Timestamp, epoch millis, or ISO-8601 text. */
  public static Instant instant(Object raw) {
    if (raw instanceof Date date) {
      return Instant.ofEpochMilli(date.getTime());
    }
    if (raw instanceof Number number) {
      return Instant.ofEpochMilli(number.longValue());
    }
    if (raw instanceof Instant instant) {
      return instant;
    }
    if (raw instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (raw instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (raw instanceof LocalDate date) {
      return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    String text = raw.toString().trim();
    if (!text.isEmpty() && text.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
      return Instant.ofEpochMilli(Long.parseLong(text));
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.from(DateTimeFormatter.ISO_INSTANT.parse(text));
    }
  }
}
