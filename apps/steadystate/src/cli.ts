console.log('steadystate: not built yet');
