/**
 * Blocks of prose (a paragraph, a heading, a list item…) taken from a document, whatever its format, with the
 * source line of every character so a passage can be located in the file it came from. Pure.
 */

export interface Block {
  /** 1-based position among the document's blocks: "paragraph N". */
  paragraph: number;
  /** Whitespace collapsed to single spaces, trimmed. */
  text: string;
  /** `lines[i]` is the 1-based line of the source file that `text[i]` came from. */
  lines: number[];
}

/** Characters that carry no text: soft hyphen, zero-width space, byte order mark. */
const INVISIBLE = /[\u00ad\u200b\ufeff]/;
const SPACE = /\s/;

/**
 * Collects text into blocks. `append` collapses whitespace (a run of it becomes one space, none at either end
 * of a block) and counts the newlines it sees so every kept character knows its source line; `end` closes
 * the current block.
 */
export class BlockBuilder {
  private readonly blocks: Block[] = [];
  private text = '';
  private lines: number[] = [];
  /** The line of a pending space (whitespace seen after some text), written only when more text follows. */
  private spaceLine: number | undefined;

  /** Appends `chunk`, whose first character is on source line `line`. */
  append(chunk: string, line: number): void {
    let current = line;
    for (const char of chunk) {
      if (char === '\n') {
        if (this.text !== '') this.spaceLine ??= current;
        current += 1;
      } else if (SPACE.test(char)) {
        if (this.text !== '') this.spaceLine ??= current;
      } else if (!INVISIBLE.test(char)) {
        if (this.spaceLine !== undefined) {
          this.push(' ', this.spaceLine);
          this.spaceLine = undefined;
        }
        this.push(char, current);
      }
    }
  }

  /** True when the current block has text. */
  get open(): boolean {
    return this.text !== '';
  }

  /** Closes the current block, if it has any text. */
  end(): void {
    if (this.text !== '') {
      this.blocks.push({ paragraph: this.blocks.length + 1, text: this.text, lines: this.lines });
    }
    this.text = '';
    this.lines = [];
    this.spaceLine = undefined;
  }

  finish(): Block[] {
    this.end();
    return this.blocks;
  }

  private push(char: string, line: number): void {
    this.text += char;
    // One entry per UTF-16 code unit, so `lines` lines up with string offsets.
    for (let i = 0; i < char.length; i += 1) this.lines.push(line);
  }
}

/** Plain text: paragraphs are separated by blank lines; the lines of a paragraph are joined. */
export function textBlocks(source: string): Block[] {
  const builder = new BlockBuilder();
  const lines = source.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') builder.end();
    else builder.append(`${line}\n`, index + 1);
  });
  return builder.finish();
}

/** The 1-based line of each offset in `source`, found by binary search over the line starts. */
export function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i += 1) {
    if (source[i] === '\n') starts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
