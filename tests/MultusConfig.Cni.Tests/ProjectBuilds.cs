namespace MultusConfig.Cni.Tests;

public class ProjectBuilds
{
    [Fact]
    public void Test_project_loads() => Assert.Equal("MultusConfig.Cni.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
