// The browser tests share one machine of two cores with a server process and Chromium: running them one at a
// time keeps timings honest (the player's clock, recording lengths) and the suite free of flakes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
