/* Unit tests of kernel/html.c: escaping by default, raw only on request. */
#include "test.h"

#include "kernel/html.h"

TEST(text_is_escaped)
{
	struct arena *a = arena_new();
	struct html h;
	html_init(&h, a, 8);
	html_text(&h, "<script>alert('x') & \"y\"</script>");
	CHECK_STR(h.sb.buf, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	html_text(&h, NULL);
	arena_free(a);
}

TEST(printf_escapes_string_arguments_only)
{
	struct arena *a = arena_new();
	struct html h;
	html_init(&h, a, 8);
	html_printf(&h, "<a href=\"/x/%lld?q=%s\" title=\"%s\">%d%%</a>", 42LL, "a\"b", "<i>", 7);
	CHECK_STR(h.sb.buf, "<a href=\"/x/42?q=a&quot;b\" title=\"&lt;i&gt;\">7%</a>");
	html_init(&h, a, 8);
	html_printf(&h, "%s|%zu|%u|%x|%c|%ld|%s", NULL, (size_t)3, 4u, 255u, '<', -2L, "é");
	CHECK_STR(h.sb.buf, "|3|4|ff|&lt;|-2|é");
	/* numbers are written without printf: the limits and zero */
	html_init(&h, a, 8);
	html_printf(&h, "%d %d %lld %lld %zd", 0, -2147483647 - 1, 9223372036854775807LL,
	            -9223372036854775807LL - 1, (ssize_t)-5);
	CHECK_STR(h.sb.buf, "0 -2147483648 9223372036854775807 -9223372036854775808 -5");
	/* runs without anything to escape, at either end and between */
	html_init(&h, a, 8);
	html_printf(&h, "[%s][%s][%s]", "", "&&", "plain text, long enough to be copied in one run'");
	CHECK_STR(h.sb.buf, "[][&amp;&amp;][plain text, long enough to be copied in one run&#39;]");
	arena_free(a);
}

TEST(elem_and_raw)
{
	struct arena *a = arena_new();
	struct html h;
	html_init(&h, a, 8);
	html_elem(&h, "h1", "A & B");
	html_raw_trusted(&h, "<em>ok</em>");
	CHECK_STR(h.sb.buf, "<h1>A &amp; B</h1><em>ok</em>");
	CHECK_STR(html_escape(a, "<>"), "&lt;&gt;");
	arena_free(a);
}

TEST(url_encoding)
{
	struct arena *a = arena_new();
	CHECK_STR(url_encode(a, "lycée & co/?"), "lyc%C3%A9e%20%26%20co%2F%3F");
	CHECK_STR(url_encode(a, "a-b_c.d~"), "a-b_c.d~");
	CHECK_STR(url_encode(a, NULL), "");
	arena_free(a);
}

int main(void)
{
	RUN(text_is_escaped);
	RUN(printf_escapes_string_arguments_only);
	RUN(elem_and_raw);
	RUN(url_encoding);
	TEST_END();
}
