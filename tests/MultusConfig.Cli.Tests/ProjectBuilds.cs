namespace MultusConfig.Cli.Tests;

public class ProjectBuilds
{
    [Fact]
    public void Test_project_loads() => Assert.Equal("MultusConfig.Cli.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
