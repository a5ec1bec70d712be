namespace DealerFlow.Cli.Commands;

/// <summary>One file read and analysed: the reader's account of the input and the engine's result.</summary>
internal sealed record AnalysedFile(string File, ChainReadResult Input, GexAnalysis Analysis);

internal static class Analysis
{
    /// <summary>A FILE argument that looks like an option and names no file is an option the command does not have (System.CommandLine took it as the file).</summary>
    public static void CheckFileArgument(string file)
    {
        if (file.StartsWith('-') && !File.Exists(file))
            throw new UsageException($"'{file}' is not an option of this command (and no such file exists); run with --help for the options.");
    }

    public static AnalysedFile Run(string file, AnalysisOptions o, ParseResult r)
    {
        var readOptions = o.ReadOptions(r);
        CheckFileArgument(file);
        // Settings are checked before the file is read, so a usage error is reported as one.
        _ = o.EngineSettings(r);
        _ = o.LevelsSettings(r);
        _ = o.IsPerfiliev(r);
        ChainReadResult input;
        try
        {
            input = ChainReader.Read(file, readOptions);
        }
        catch (ChainReadException e)
        {
            throw new InputException(e.Message);
        }
        if (readOptions.ColumnMap is not null && input.Format is ChainFormat.CboeCsv or ChainFormat.CboeJson or ChainFormat.Schwab or ChainFormat.Massive)
            throw new UsageException($"--map renames the columns of normalized and yfinance files; {Path.GetFileName(file)} was read as {Output.Json.FormatCode(input.Format)}, whose layout is fixed. Drop --map, or force --format-in normalized.");
        return Run(file, input, o.EngineSettings(r), o.LevelsSettings(r), o.IsPerfiliev(r));
    }

    /// <summary>
    /// Analyses a chain already read with settings resolved once (the ingest command reads the bytes itself to hash
    /// them, and analyses several files at once: the settings, which may read a positions or dividends file, are not
    /// re-read per file). Thread-safe.
    /// </summary>
    public static AnalysedFile Run(string file, ChainReadResult input, EngineSettings engine, LevelsSettings levels, bool perfiliev)
    {
        GexAnalysis analysis;
        if (perfiliev)
        {
            if (!PerfilievMethod.CanRun(input.Snapshot))
                throw new InputException($"{Path.GetFileName(file)}: the perfiliev method prices spot GEX from the vendor's Gamma column, and this {input.Format} file has none. Use the default method (--method dealerflow).");
            CheckPerfilievSettings(engine);
            analysis = PerfilievMethod.Analyze(input.Snapshot, levels.Unit, levels.TopN, levels.Walls);
        }
        else
        {
            var priced = ChainPricer.Price(input.Snapshot, engine);
            if (priced.Count == 0)
                throw new InputException($"{Path.GetFileName(file)}: no contract is left to price after exclusions ({string.Join(", ", priced.Excluded.Select(kv => $"{LevelsCalculator.ReasonCode(kv.Key)} {kv.Value}"))}); check the expiry filter and the snapshot time {input.Snapshot.Instant:yyyy-MM-dd HH:mm zzz}.");
            analysis = LevelsCalculator.Analyze(priced, levels);
        }
        return new AnalysedFile(file, input, analysis);
    }

    /// <summary>The perfiliev method has fixed conventions; other settings are a usage error.</summary>
    public static void CheckPerfilievSettings(EngineSettings engine)
    {
        if (!engine.Filter.IsAll || engine.Positioning.Model != PositioningModel.Classic || engine.Positioning.Overlay is not null)
            throw new UsageException("--method perfiliev fixes its own conventions (classic positioning, every expiry); drop --model, --positions and the expiry filters, or use --method dealerflow.");
    }
}
