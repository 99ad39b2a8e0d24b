namespace Hindsight.Browser.Tests.Privacy;

/// <summary>
/// One way a site configures privacy (SDK options as a JavaScript object literal), and which corpus secrets it
/// records in the clear. Every other secret must not reach the server in any form.
/// </summary>
public sealed record PrivacyConfiguration(string Name, string Options, Func<Secret, bool> Visible)
{
    static bool IsText(Secret s) => s.Kind is SecretKind.Text or SecretKind.TextAttribute;

    public static readonly PrivacyConfiguration[] All =
    [
        // Nothing passed: every text and every field masked, media and the block classes blocked.
        new("default", "{}", _ => false),
        // Mixpanel's older form: page text in the clear (custom blocks are plain text here), every field masked.
        new("mask-user-input-mode", "{ record_mask_text_selector: '' }",
            s => IsText(s) || s.Kind == SecretKind.CustomBlock),
        // Everything masked but #public, whose text and fields are revealed; always-masked fields and mask classes stay masked.
        new("selective-unmask", "{ record_unmask_text_selector: ['#public'], record_unmask_input_selector: '#public' }",
            s => s.Region == Region.Public && (IsText(s) || s.Kind == SecretKind.Field)),
        // Nothing masked but #private (its iframe included), always-masked fields and mask classes.
        new("selective-mask", "{ record_mask_all_text: false, record_mask_text_selector: '#private', " +
            "record_mask_all_inputs: false, record_mask_input_selector: ['#private'] }",
            s => s.Region != Region.Private && (IsText(s) || s.Kind is SecretKind.Field or SecretKind.CustomBlock)),
        // Nothing masked, so that only blocking hides: a custom block class and a block selector added to the defaults.
        new("blocking", "{ record_mask_all_text: false, record_mask_all_inputs: false, " +
            "record_block_class: /^(mp-block|fs-exclude|amp-block|rr-block|ph-no-capture|corpus-block)$/, " +
            "record_block_selector: ['img, video, audio', '#blocked-by-selector'] }",
            s => IsText(s) || s.Kind == SecretKind.Field),
    ];

    public static PrivacyConfiguration Named(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;
}
