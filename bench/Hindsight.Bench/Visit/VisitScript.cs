using System.Diagnostics;
using Microsoft.Playwright;

namespace Hindsight.Bench.Visit;

/// <summary>
/// One visitor's two minutes in the shop (bench/site/shop/): browse and search the catalogue, open a
/// product, add it to the cart, write a review, open a second product, sign up (a first attempt with a
/// mistyped email, then the fix), and back to the catalogue. Every step starts at a fixed second from
/// the first page load and types and moves at human speed, so the visit lasts the same two minutes,
/// and does the same things, whichever recorder is installed.
/// </summary>
public sealed class VisitScript(IPage page, string shopUrl)
{
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(120);

    readonly Stopwatch clock = new();

    /// <summary>Steps that started more than a second late: the visit ran slower than its script.</summary>
    public List<string> LateSteps { get; } = [];

    public async Task WalkAsync()
    {
        await page.GotoAsync($"{shopUrl}/index.html");
        clock.Start();
        await At(1); await GlideAsync("#products li:nth-child(1)"); await GlideAsync("#products li:nth-child(2)"); await GlideAsync("#products li:nth-child(5)");
        await At(4); await ScrollAsync(5, 250);
        await At(7); await ScrollAsync(5, -250);
        await At(9); await TypeAsync("#search", "ridge");
        await At(13); await page.Keyboard.PressAsync("Control+A"); await page.Keyboard.PressAsync("Backspace");
        await At(15); await page.SelectOptionAsync("#category", "Lighting");
        await At(18); await page.SelectOptionAsync("#category", ""); await page.ClickAsync("#more");
        await At(21); await ScrollAsync(4, 300); await GlideAsync("#products li:nth-child(8)");
        await At(26); await ClickAndLoadAsync("#products li:nth-child(2) h2 a");

        await At(30); await GlideAsync("h1"); await page.CheckAsync("input[name=size][value=l]");
        await At(33); await page.ClickAsync("#quantity", new() { ClickCount = 3 }); await page.Keyboard.TypeAsync("2", new() { Delay = 120 });
        await At(36); await GlideAsync("#add-to-cart"); await page.ClickAsync("#add-to-cart");
        await At(40); await page.ClickAsync("#tab-reviews");
        await At(43); await TypeAsync("#reviewer", "Jamie"); await page.SelectOptionAsync("#stars", "4");
        await At(46); await TypeAsync("#review", "Warm enough for a night at minus five, and it packs down smaller than the one it replaces. Zip could be sturdier.");
        await At(60); await page.ClickAsync("#submit-review");
        await At(63); await page.ClickAsync("#tab-description"); await ScrollAsync(3, 300); await ClickAndLoadAsync("#related li:nth-child(1) a");

        await At(68); await GlideAsync("#add-to-cart"); await page.ClickAsync("#add-to-cart");
        await At(72); await ClickAndLoadAsync("#nav-signup");
        await At(75); await TypeAsync("#first-name", "Jamie"); await TypeAsync("#last-name", "Rivers");
        await TypeAsync("#email", "jamie.rivers.example.com"); await TypeAsync("#password", "correct-horse-9");
        await TypeAsync("#address", "12 Harbour Street"); await TypeAsync("#city", "Galway"); await TypeAsync("#postcode", "H91 X2Y3");
        await At(99); await page.SelectOptionAsync("#country", "Ireland"); await page.CheckAsync("#newsletter"); await page.ClickAsync("#create");
        await At(103); await page.ClickAsync("#email", new() { ClickCount = 3 }); await page.Keyboard.TypeAsync("jamie.rivers@example.com", new() { Delay = 90 });
        await At(108); await page.ClickAsync("#create");
        await At(111); await ClickAndLoadAsync("#start-shopping");
        await At(114); await ScrollAsync(4, 250); await GlideAsync("#products li:nth-child(4)");
        await At(Length.TotalSeconds);
    }

    /// <summary>Waits for second <paramref name="second"/> from the first page's load; notes a step that starts late.</summary>
    async Task At(double second)
    {
        var wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        else if (wait < TimeSpan.FromSeconds(-1)) LateSteps.Add($"the step at {second} s started {-wait.TotalSeconds:0.0} s late");
    }

    async Task TypeAsync(string selector, string text)
    {
        await page.ClickAsync(selector);
        await page.Keyboard.TypeAsync(text, new() { Delay = 90 });
    }

    (float X, float Y) pointer = (640, 400);

    /// <summary>Moves the pointer to the middle of an element in 12 steps over about half a second, as a hand would.</summary>
    async Task GlideAsync(string selector)
    {
        var box = await page.Locator(selector).First.BoundingBoxAsync();
        if (box is null) return;
        var (fromX, fromY) = pointer;
        pointer = (box.X + box.Width / 2, box.Y + box.Height / 2);
        for (var step = 1; step <= 12; step++)
        {
            await page.Mouse.MoveAsync(fromX + (pointer.X - fromX) * step / 12, fromY + (pointer.Y - fromY) * step / 12);
            await page.WaitForTimeoutAsync(40);
        }
    }

    async Task ScrollAsync(int times, int pixels)
    {
        for (var i = 0; i < times; i++)
        {
            await page.Mouse.WheelAsync(0, pixels);
            await page.WaitForTimeoutAsync(300);
        }
    }

    /// <summary>Follows a link and waits for the next page to have loaded.</summary>
    async Task ClickAndLoadAsync(string selector)
    {
        await GlideAsync(selector);
        var target = await page.Locator(selector).First.EvaluateAsync<string>("a => a.href");
        await page.ClickAsync(selector);
        await page.WaitForURLAsync(target);
    }
}
