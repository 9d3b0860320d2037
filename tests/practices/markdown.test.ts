import { describe, expect, test } from "vitest";
import { htmlToText, renderMarkdown, sanitizeHtml } from "../../src/practices/markdown.ts";

describe("renderMarkdown", () => {
  test("renders headings below the card's own section headings (h2)", () => {
    expect(renderMarkdown("# Big\n\n## Results\n\n### In numbers")).toBe("<h3>Big</h3>\n<h3>Results</h3>\n<h4>In numbers</h4>");
  });

  test("renders bulleted and numbered lists", () => {
    const html = renderMarkdown("- one\n- two\n\n1. first\n2. second");
    expect(html).toContain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(html).toContain("<ol>\n<li>first</li>\n<li>second</li>\n</ol>");
  });

  test("renders emphasis", () => {
    expect(renderMarkdown("**bold** and *soft*")).toBe("<p><strong>bold</strong> and <em>soft</em></p>");
  });

  test("renders links with nofollow noopener noreferrer", () => {
    expect(renderMarkdown("[the plan](https://example.org/plan)")).toBe(
      '<p><a href="https://example.org/plan" rel="nofollow noopener noreferrer">the plan</a></p>',
    );
  });

  test("bare addresses become links with the same rel", () => {
    expect(renderMarkdown("See https://example.org/data")).toBe(
      '<p>See <a href="https://example.org/data" rel="nofollow noopener noreferrer">https://example.org/data</a></p>',
    );
  });

  test("a <script> in Markdown is shown as text, not run", () => {
    const html = renderMarkdown("<script>alert(1)</script>");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("an <img onerror> in Markdown is shown as text, not markup", () => {
    const html = renderMarkdown('Look: <img src="x" onerror="alert(1)">');
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });

  test("javascript: links are dropped", () => {
    const html = renderMarkdown("[click](javascript:alert(1)) [again](JaVaScRiPt:alert(2))");
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toMatch(/href=/);
  });

  test("data: links are dropped", () => {
    expect(renderMarkdown("[x](data:text/html;base64,PHNjcmlwdD4=)")).not.toMatch(/href=/);
  });
});

describe("sanitizeHtml", () => {
  const hostile = [
    '<p onclick="steal()">Hello <strong>world</strong>',
    "<script>alert(1)</script>",
    "<style>body { display: none }</style>",
    '<iframe src="https://evil.example/frame"></iframe>',
    '<img src="x" onerror="alert(2)">',
    '<a href="javascript:alert(3)">js link</a>',
    '<a href="data:text/html,boom">data link</a>',
    '<img src="data:image/png;base64,AAAA">',
    '<a href="//evil.example/x">protocol-relative</a>',
    '<a href="https://ok.example/page" onmouseover="steal()" target="_blank">fine link</a>',
    "<svg onload=alert(4)><circle/></svg>",
    "</p>",
  ].join(" ");
  const clean = sanitizeHtml(hostile);

  test("drops script, style and iframe with their content", () => {
    expect(clean).not.toMatch(/<script|<style|<iframe|<svg|<img/i);
    expect(clean).not.toContain("alert");
    expect(clean).not.toContain("display: none");
  });

  test("drops every on* attribute", () => {
    expect(clean).not.toMatch(/\son\w+=/i);
    expect(clean).not.toContain("steal");
  });

  test("drops javascript:, data: and protocol-relative addresses", () => {
    expect(clean).not.toMatch(/javascript:/i);
    expect(clean).not.toMatch(/data:/i);
    expect(clean).not.toContain("evil.example");
  });

  test("keeps the text and harmless markup", () => {
    expect(clean).toContain("<p>Hello <strong>world</strong>");
    expect(clean).toContain("js link");
    expect(clean).toContain("protocol-relative");
    expect(clean).toContain('<a href="https://ok.example/page" rel="nofollow noopener noreferrer">fine link</a>');
  });

  test("drops target and any rel it was given, so links always carry ours", () => {
    const html = sanitizeHtml('<a href="https://ok.example" rel="opener" target="_top">x</a>');
    expect(html).toBe('<a href="https://ok.example" rel="nofollow noopener noreferrer">x</a>');
  });

  test("leaves plain harmless HTML as it is", () => {
    const html = "<p>One <em>two</em></p><ul><li>three</li></ul>";
    expect(sanitizeHtml(html)).toBe(html);
  });
});

describe("htmlToText", () => {
  test("turns non-breaking spaces into plain spaces", () => {
    expect(htmlToText("<p>caf&eacute;&nbsp;au&nbsp;lait</p>")).toBe("café au lait");
  });

  test("removes every tag", () => {
    expect(htmlToText('<p>Open <strong>data</strong> <a href="https://x.example">portal</a></p>')).toBe("Open data portal");
  });

  test("decodes entities", () => {
    expect(htmlToText("<p>Tom &amp; Jerry &lt;3 &gt; 2 &quot;quoted&quot; &#39;single&#39; caf&eacute; &#233;t&#xE9;</p>")).toBe(
      `Tom & Jerry <3 > 2 "quoted" 'single' café été`,
    );
  });

  test("does not decode twice", () => {
    expect(htmlToText("&amp;lt;b&amp;gt;")).toBe("&lt;b&gt;");
  });

  test("turns paragraphs and line breaks into newlines", () => {
    expect(htmlToText("<p>first</p><p>second<br>third</p>")).toBe("first\nsecond\nthird");
  });

  test("drops the content of scripts and styles", () => {
    expect(htmlToText("<p>text</p><script>alert(1)</script><style>p{}</style>")).toBe("text");
  });
});
