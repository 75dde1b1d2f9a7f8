/**
 * JSONC: JSON plus `//` and `/* *\/` comments and trailing commas. A small recursive-descent parser,
 * so that every syntax error can name its line and column (JSON.parse does not always say where).
 * @module
 */
import { InputError } from "../errors.ts";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: ReadonlyArray<[string, unknown]> = [["true", true], ["false", false], [
  "null",
  null,
]];

class JsoncParser {
  #pos = 0;
  constructor(readonly text: string, readonly file: string) {}

  parseDocument(): unknown {
    this.#skip();
    const value = this.#value();
    this.#skip();
    if (this.#pos < this.text.length) this.#fail("unexpected text after the top-level value");
    return value;
  }

  #fail(
    problem: string,
    at = this.#pos,
    fix = "fix the syntax there (keys and strings need double quotes)",
  ): never {
    const before = this.text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new InputError(
      `${this.file}:${line}:${column}`,
      `JSONC syntax error: ${problem}`,
      fix,
    );
  }

  #describeNext(): string {
    if (this.#pos >= this.text.length) return "end of file";
    return JSON.stringify(this.text[this.#pos]);
  }

  /** Skip whitespace and comments. */
  #skip(): void {
    const text = this.text;
    while (this.#pos < text.length) {
      const ch = text[this.#pos];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\uFEFF") {
        this.#pos++;
      } else if (ch === "/" && text[this.#pos + 1] === "/") {
        const end = text.indexOf("\n", this.#pos);
        this.#pos = end === -1 ? text.length : end;
      } else if (ch === "/" && text[this.#pos + 1] === "*") {
        const end = text.indexOf("*/", this.#pos + 2);
        if (end === -1) this.#fail("unterminated /* comment");
        this.#pos = end + 2;
      } else {
        return;
      }
    }
  }

  #value(): unknown {
    const ch = this.text[this.#pos];
    if (ch === "{") return this.#object();
    if (ch === "[") return this.#array();
    if (ch === '"') return this.#string();
    NUMBER.lastIndex = this.#pos;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.#pos += number[0].length;
      return Number(number[0]);
    }
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.#pos)) {
        this.#pos += word.length;
        return value;
      }
    }
    return this.#fail(`expected a value, found ${this.#describeNext()}`);
  }

  #string(): string {
    const start = this.#pos;
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"' && this.text[i] !== "\n") {
      i += this.text[i] === "\\" ? 2 : 1;
    }
    if (i >= this.text.length || this.text[i] !== '"') this.#fail("unterminated string", start);
    this.#pos = i + 1;
    try {
      return JSON.parse(this.text.slice(start, i + 1));
    } catch {
      return this.#fail("invalid escape or control character in string", start);
    }
  }

  #object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.#pos++; // {
    this.#skip();
    while (this.text[this.#pos] !== "}") {
      if (this.text[this.#pos] !== '"') {
        this.#fail(`expected a double-quoted key or '}', found ${this.#describeNext()}`);
      }
      const keyAt = this.#pos;
      const key = this.#string();
      if (Object.hasOwn(result, key)) {
        this.#fail(`duplicate key ${JSON.stringify(key)}`, keyAt, "keep only one of them");
      }
      this.#skip();
      if (this.text[this.#pos] !== ":") {
        this.#fail(`expected ':' after key ${JSON.stringify(key)}, found ${this.#describeNext()}`);
      }
      this.#pos++;
      this.#skip();
      // defineProperty: a "__proto__" key must stay data, not change the prototype.
      Object.defineProperty(result, key, {
        value: this.#value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.#skip();
      if (this.text[this.#pos] === ",") {
        this.#pos++;
        this.#skip();
      } else if (this.text[this.#pos] !== "}") {
        this.#fail(
          `expected ',' or '}' after the value of ${
            JSON.stringify(key)
          }, found ${this.#describeNext()}`,
        );
      }
    }
    this.#pos++; // }
    return result;
  }

  #array(): unknown[] {
    const result: unknown[] = [];
    this.#pos++; // [
    this.#skip();
    while (this.text[this.#pos] !== "]") {
      if (this.#pos >= this.text.length) this.#fail("unterminated array");
      result.push(this.#value());
      this.#skip();
      if (this.text[this.#pos] === ",") {
        this.#pos++;
        this.#skip();
      } else if (this.text[this.#pos] !== "]") {
        this.#fail(`expected ',' or ']' in array, found ${this.#describeNext()}`);
      }
    }
    this.#pos++; // ]
    return result;
  }
}

/**
 * Parse JSONC text (comments, trailing commas); a syntax error or a duplicate key becomes an
 * {@link InputError} naming `file:line:column`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { parseJsonc } from "./_jsonc.ts";
 * const value = parseJsonc('{ "a": [1, 2,], // note\n /* b *\/ }', "x.jsonc");
 * assert(JSON.stringify(value) === '{"a":[1,2]}');
 * ```
 */
export function parseJsonc(text: string, file: string): unknown {
  return new JsoncParser(text, file).parseDocument();
}
