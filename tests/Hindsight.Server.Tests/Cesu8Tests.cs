using System.Text;
using Hindsight.Server.Ingest;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class Cesu8Tests
{
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("café, Straße, Ελληνικά, 日本語")]
    [InlineData("emoji 😀 and 🛒 in a row")]
    [InlineData("👩‍👩‍👧 family with joiners")]
    public void Text_encoded_unit_by_unit_like_mixpanel_decodes_to_the_original(string text)
    {
        var cesu = Convert.FromBase64String(Sdk.MixpanelBase64(text));

        Assert.Equal(text, Cesu8.Decode(cesu));
    }

    [Theory]
    [InlineData("emoji 😀 and 🛒 in a row")]
    [InlineData("café 日本語")]
    public void Proper_utf8_with_four_byte_sequences_decodes_to_the_original(string text)
    {
        Assert.Equal(text, Cesu8.Decode(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_CESU_emoji_is_six_bytes_that_plain_UTF8_would_garble()
    {
        byte[] grinning = [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]; // U+1F600 as two 3-byte surrogates

        Assert.Equal("😀", Cesu8.Decode(grinning));
        Assert.NotEqual("😀", Encoding.UTF8.GetString(grinning));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0xBD, 0x62 }, "a\uFFFDb")] // high surrogate without its low half
    [InlineData(new byte[] { 0x61, 0xED, 0xB8, 0x80, 0x62 }, "a\uFFFDb")] // low surrogate alone
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 }, "a\uFFFDb")]             // never valid
    [InlineData(new byte[] { 0x61, 0xC3 }, "a\uFFFD")]                   // cut short
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")]              // overlong '/'
    public void Malformed_bytes_become_replacement_characters(byte[] bytes, string expected)
    {
        Assert.Equal(expected, Cesu8.Decode(bytes));
    }
}
