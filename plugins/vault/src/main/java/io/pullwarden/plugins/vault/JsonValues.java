package io.pullwarden.plugins.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the driver's JSON values into plain maps, lists, strings, numbers and booleans, so nothing
 * above {@link DriverGateway} depends on the driver's JSON types and fakes can answer with {@code
 * Map.of(...)}.
 */
final class JsonValues {

  private JsonValues() {}

  static Map<String, Object> object(JsonValue value) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (value != null && value.isObject()) {
      for (JsonObject.Member member : value.asObject()) {
        map.put(member.getName(), plain(member.getValue()));
      }
    }
    return map;
  }

  static Object plain(JsonValue value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      return object(value);
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.asArray().forEach(item -> list.add(plain(item)));
      return list;
    }
    if (value.isString()) {
      return value.asString();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    double number = value.asDouble();
    return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : number;
  }

  /** JSON text of a plain value, for a docker config a secret holds as an object. */
  static String text(Object plain) {
    return json(plain).toString();
  }

  private static JsonValue json(Object plain) {
    if (plain == null) {
      return Json.NULL;
    }
    if (plain instanceof Map<?, ?> map) {
      JsonObject object = Json.object();
      map.forEach((key, value) -> object.add(String.valueOf(key), json(value)));
      return object;
    }
    if (plain instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(json(item)));
      return array;
    }
    if (plain instanceof Boolean flag) {
      return Json.value(flag);
    }
    if (plain instanceof Long number) {
      return Json.value(number);
    }
    if (plain instanceof Number number) {
      return Json.value(number.doubleValue());
    }
    return Json.value(String.valueOf(plain));
  }
}
