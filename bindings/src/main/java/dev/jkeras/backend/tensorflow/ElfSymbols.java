package dev.jkeras.backend.tensorflow;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The full symbol table ({@code .symtab}) of a 64-bit little-endian ELF shared library, including the
 * local symbols the dynamic linker does not export, searched by name.
 */
final class ElfSymbols {
  /** One symbol: its value (the address relative to the library's load base), size and type. */
  record Symbol(String name, long value, long size, int type) {
    static final int OBJECT = 1;
    static final int FUNCTION = 2;
  }

  private static final int SHT_SYMTAB = 2;
  private static final int SYMBOL_SIZE = 24;

  private final Map<String, Symbol> found;

  private ElfSymbols(Map<String, Symbol> found) {
    this.found = found;
  }

  /**
   * Reads the symbols of {@code library} called one of {@code wanted}.
   *
   * @throws IOException when the file cannot be read or is not a 64-bit little-endian ELF file with a
   *     symbol table
   */
  static ElfSymbols read(Path library, Set<String> wanted) throws IOException {
    try (FileChannel channel = FileChannel.open(library, StandardOpenOption.READ)) {
      MappedByteBuffer header = map(channel, 0, 64);
      if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
        throw new IOException(library + " is not a 64-bit little-endian ELF file");
      }
      long sectionTable = header.getLong(0x28);
      int sectionSize = Short.toUnsignedInt(header.getShort(0x3a));
      int sections = Short.toUnsignedInt(header.getShort(0x3c));
      MappedByteBuffer table = map(channel, sectionTable, (long) sectionSize * sections);
      for (int i = 0; i < sections; i++) {
        int at = i * sectionSize;
        if (table.getInt(at + 4) == SHT_SYMTAB) {
          int link = table.getInt(at + 40);
          MappedByteBuffer symbols = map(channel, table.getLong(at + 24), table.getLong(at + 32));
          int stringsAt = link * sectionSize;
          MappedByteBuffer strings = map(channel, table.getLong(stringsAt + 24), table.getLong(stringsAt + 32));
          return new ElfSymbols(scan(symbols, strings, wanted));
        }
      }
      throw new IOException(library + " has no symbol table (.symtab)");
    }
  }

  private static Map<String, Symbol> scan(MappedByteBuffer symbols, MappedByteBuffer strings, Set<String> wanted) {
    List<byte[]> names = wanted.stream().map(name -> name.getBytes(StandardCharsets.ISO_8859_1)).toList();
    Map<String, Symbol> found = new HashMap<>();
    Set<String> ambiguous = new HashSet<>();
    int count = symbols.capacity() / SYMBOL_SIZE;
    for (int i = 0; i < count; i++) {
      int at = i * SYMBOL_SIZE;
      int type = symbols.get(at + 4) & 0xf;
      if (type != Symbol.OBJECT && type != Symbol.FUNCTION) {
        continue;
      }
      int offset = symbols.getInt(at);
      for (byte[] name : names) {
        if (isNamed(strings, offset, name)) {
          String text = new String(name, StandardCharsets.ISO_8859_1);
          Symbol symbol = new Symbol(text, symbols.getLong(at + 8), symbols.getLong(at + 16), type);
          Symbol earlier = found.putIfAbsent(text, symbol);
          if (earlier != null && earlier.value() != symbol.value()) {
            ambiguous.add(text);
          }
        }
      }
    }
    found.keySet().removeAll(ambiguous);
    return found;
  }

  private static boolean isNamed(MappedByteBuffer strings, int offset, byte[] name) {
    if (offset < 0 || offset + name.length >= strings.capacity() || strings.get(offset + name.length) != 0) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (strings.get(offset + i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static MappedByteBuffer map(FileChannel channel, long offset, long size) throws IOException {
    MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, offset, size);
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    return buffer;
  }

  /** The one symbol called {@code name}; empty when there is none or several with different values. */
  Optional<Symbol> find(String name) {
    return Optional.ofNullable(found.get(name));
  }
}
