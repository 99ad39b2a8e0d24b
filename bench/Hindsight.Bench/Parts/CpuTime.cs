namespace Hindsight.Bench.Parts;

/// <summary>
/// CPU time as the kernel counts it. Unlike the wall-clock length of work, it does not grow while a thread
/// waits for a core, so other work on a shared machine does not inflate it.
/// </summary>
public static class CpuTime
{
    /// <summary>Nanoseconds a process's main thread has spent on a CPU (/proc/&lt;pid&gt;/task/&lt;pid&gt;/schedstat).</summary>
    public static long MainThreadNs(int pid) =>
        long.Parse(File.ReadAllText($"/proc/{pid}/task/{pid}/schedstat").Split(' ')[0]);

    /// <summary>Seconds of CPU a whole process (every thread) has used: user + system time from /proc/&lt;pid&gt;/stat.</summary>
    public static double ProcessSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // After "pid (comm) ", utime and stime are the 12th and 13th fields; comm may hold spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / (double)TicksPerSecond;
    }

    /// <summary>USER_HZ, which is 100 on Linux for every architecture that matters here.</summary>
    const int TicksPerSecond = 100;
}
